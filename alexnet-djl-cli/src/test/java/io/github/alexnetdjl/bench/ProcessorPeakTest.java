package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The peak estimate multiplies what the machine says: cores, vector lanes, clock. */
class ProcessorPeakTest {

    private static final String CPUINFO = "processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2095.987\n"
            + "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512bw\n\nprocessor\t: 1\ncpu MHz\t\t: 1500.000\n"
            + "flags\t\t: fpu sse sse2\n";

    @Test
    void avx512AtTheReportedClock() {
        ProcessorPeak peak = ProcessorPeak.of(CPUINFO, "", 2);
        assertEquals(16, peak.lanes());
        assertEquals("AVX-512", peak.instructions());
        assertEquals(2.095987, peak.gigahertz(), 1e-9);
        assertEquals("cpu MHz in /proc/cpuinfo", peak.clockSource());
        // 2 cores x 2 FMA units x 16 lanes x 2 FLOP x 2.095987 GHz
        assertEquals(268.286336, peak.gflops(), 1e-6);
    }

    @Test
    void theHighestClockWinsWhereTheKernelGivesIt() {
        ProcessorPeak peak = ProcessorPeak.of(CPUINFO.replace(" avx512f avx512bw", ""), "3700000\n", 4);
        assertEquals(8, peak.lanes());
        assertEquals("AVX2", peak.instructions());
        assertEquals("cpuinfo_max_freq", peak.clockSource());
        assertEquals(4 * 2 * 8 * 2 * 3.7, peak.gflops(), 1e-9);
    }

    @Test
    void nothingKnownGivesZero() {
        ProcessorPeak peak = ProcessorPeak.of("", "", 2);
        assertEquals(0, peak.gflops());
        assertEquals("unknown", peak.clockSource());
        assertEquals("unknown", peak.instructions());
    }
}
