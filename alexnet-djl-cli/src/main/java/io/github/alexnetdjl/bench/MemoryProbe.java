package io.github.alexnetdjl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's memory: the Java heap from the JVM's memory pools, native memory as the resident set
 * the kernel reports in {@code /proc/self/status} (which counts libtorch's tensors; -1 where there is no such
 * file).
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /**
     * Returns the resident set size now, {@code VmRSS}.
     *
     * @return bytes, or -1 when the platform does not report it
     */
    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /**
     * Returns the peak resident set size of the process so far, {@code VmHWM}.
     *
     * @return bytes, or -1 when the platform does not report it
     */
    public static long peakResidentBytes() {
        return statusBytes("VmHWM:");
    }

    /**
     * Returns the heap in use now.
     *
     * @return bytes
     */
    public static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Returns the sum of the heap pools' peak usage since the JVM started or {@link #resetPeakHeap()}.
     *
     * @return bytes
     */
    public static long peakHeapBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }

    /** Starts a new peak-heap measurement. */
    public static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * Returns the minor page faults of the process so far: each is a fresh page the kernel had to map and
     * zero, what an allocator that hands memory back to the kernel after every batch causes.
     *
     * @return the count, or -1 when the platform does not report it
     */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold spaces: minflt is the 8th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(fields[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Returns the CPU time of all the process's threads so far (libtorch's workers included).
     *
     * @return nanoseconds, or -1 when the JVM does not report it
     */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L; // the kernel reports kB
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
