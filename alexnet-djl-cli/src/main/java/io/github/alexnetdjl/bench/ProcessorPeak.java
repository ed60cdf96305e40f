package io.github.alexnetdjl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An estimate of the processor's theoretical float32 peak: cores × FMA units × vector lanes × 2 FLOPs per
 * fused multiply-add × clock. The cores, the widest vector instructions and the clock are read from the
 * machine (Linux: {@code /proc/cpuinfo}, and the highest clock in {@code cpufreq} where the kernel exposes
 * it); the number of FMA units per core is not, and is taken as 2, as on current x86 cores. A virtual
 * machine often reports its base clock only, and a core may boost above it, so a measured kernel can exceed
 * this estimate.
 *
 * @param cores the processors the JVM may use
 * @param fmaUnits FMA units per core (assumed)
 * @param lanes float32 lanes of the widest vector unit (16 for AVX-512, 8 for AVX2, 4 for SSE)
 * @param instructions the vector instruction set the lanes come from, e.g. "AVX-512"
 * @param gigahertz the clock used
 * @param clockSource where the clock was read
 * @param gflops the estimate, in GFLOP/s; 0 when the clock could not be read
 */
public record ProcessorPeak(
        int cores, int fmaUnits, int lanes, String instructions, double gigahertz, String clockSource, double gflops) {

    private static final int FMA_UNITS = 2;
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MAX_FREQUENCY = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");

    /**
     * Estimates this machine's peak.
     *
     * @return the estimate; all zero but the cores where the machine does not say (not Linux)
     */
    public static ProcessorPeak estimate() {
        return of(read(CPUINFO), read(MAX_FREQUENCY), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Estimates the peak from the machine's descriptions.
     *
     * @param cpuinfo the text of {@code /proc/cpuinfo}, or "" where there is none
     * @param maxFrequencyKhz the text of {@code cpuinfo_max_freq} (kHz), or "" where there is none
     * @param cores the processors in use
     * @return the estimate
     */
    static ProcessorPeak of(String cpuinfo, String maxFrequencyKhz, int cores) {
        List<String> flags = List.of();
        double megahertz = 0;
        for (String line : cpuinfo.split("\n")) {
            String value = line.substring(line.indexOf(':') + 1).trim();
            if (line.startsWith("flags") && flags.isEmpty()) {
                flags = Arrays.asList(value.split("\\s+"));
            } else if (line.startsWith("cpu MHz") && megahertz == 0) {
                megahertz = parse(value);
            }
        }
        String source = "cpu MHz in /proc/cpuinfo";
        double maxKhz = parse(maxFrequencyKhz.trim());
        if (maxKhz > 0) {
            megahertz = maxKhz / 1000;
            source = "cpuinfo_max_freq";
        } else if (megahertz == 0) {
            source = "unknown";
        }
        int lanes;
        String instructions;
        if (flags.contains("avx512f")) {
            lanes = 16;
            instructions = "AVX-512";
        } else if (flags.contains("avx2") || flags.contains("avx")) {
            lanes = 8;
            instructions = flags.contains("avx2") ? "AVX2" : "AVX";
        } else if (flags.contains("sse2")) {
            lanes = 4;
            instructions = "SSE";
        } else {
            lanes = 0;
            instructions = "unknown";
        }
        double gigahertz = megahertz / 1000;
        return new ProcessorPeak(cores, FMA_UNITS, lanes, instructions, gigahertz, source,
                cores * FMA_UNITS * lanes * 2 * gigahertz);
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux, or no cpufreq in a virtual machine
        }
    }
}
