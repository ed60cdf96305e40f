package io.github.alexnetdjl.bench;

import java.util.function.LongSupplier;

/**
 * The fastest of repeated runs of one kernel, and the process's CPU time over all of them: what the ceiling
 * measurements keep.
 *
 * @param bestNanos the fastest run's wall time
 * @param runs the runs timed
 * @param cpuNanos the process's CPU time over the timed runs
 */
record KernelTiming(long bestNanos, int runs, long cpuNanos) {

    /**
     * Runs the kernel once untimed (thread pool, packing buffers), then at least three times and for about
     * {@code seconds}.
     *
     * @param run runs the kernel once and returns its wall time in nanoseconds
     * @param seconds how long to repeat it
     * @return the fastest run, the count and the CPU time
     */
    static KernelTiming fastest(LongSupplier run, double seconds) {
        run.getAsLong();
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long cpu = MemoryProbe.processCpuNanos();
        int runs = 0;
        while (runs < 3 || System.nanoTime() < deadline) {
            best = Math.min(best, run.getAsLong());
            runs++;
        }
        return new KernelTiming(best, runs, MemoryProbe.processCpuNanos() - cpu);
    }

    /** GFLOP/s of the fastest run. */
    double gflops(double flops) {
        return flops / bestNanos;
    }

    /** GFLOP per CPU-second over all runs; 0 below the clock's resolution (10 ms ticks). */
    double gflopsPerCpuSecond(double flops) {
        return cpuNanos > 0 ? flops * runs / cpuNanos : 0;
    }
}
