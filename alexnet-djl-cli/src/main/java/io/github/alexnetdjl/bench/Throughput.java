package io.github.alexnetdjl.bench;

/**
 * One timed workload: how many images per second it ran, its latency per batch, and what that is as a
 * share of the ceiling, the best kernel measured in the same run.
 *
 * @param workload "inference" or "training"
 * @param batchSize images per batch
 * @param iterations batches timed (after the warm-up)
 * @param imagesPerSecond images over the total time of the timed batches
 * @param medianMillis the median time of one batch
 * @param p90Millis the 90th-percentile time of one batch
 * @param gflops the FLOPs done per second, in billions (forward FLOPs, and 3× forward for a training step)
 * @param fractionOfCeiling {@code gflops} over the ceiling
 * @param cpuMillisPerBatch CPU time of the whole process per timed batch (all threads): less at the mercy of
 *     other processes than the wall time on a shared machine
 * @param minorFaultsPerBatch fresh pages mapped per timed batch: the cost allocator settings change
 * @param gflopsPerCpuSecond the FLOPs done per CPU-second of the process, in billions; 0 when the batches took
 *     less CPU time than the clock resolves (10 ms on Linux)
 * @param cpuFractionOfCeiling {@code gflopsPerCpuSecond} over the best kernel's: the fraction of the
 *     ceiling by CPU time, which a busy machine distorts less than the wall-clock fraction
 */
public record Throughput(
        String workload,
        int batchSize,
        int iterations,
        double imagesPerSecond,
        double medianMillis,
        double p90Millis,
        double gflops,
        double fractionOfCeiling,
        double cpuMillisPerBatch,
        double minorFaultsPerBatch,
        double gflopsPerCpuSecond,
        double cpuFractionOfCeiling) {

    /**
     * Computes a result from the batch times against ceilings given as numbers.
     *
     * @param workload "inference" or "training"
     * @param batchSize images per batch
     * @param timing the time of each timed batch, and the process's CPU time and page faults over them
     * @param flopsPerImage FLOPs one image costs in this workload
     * @param ceilingGflops the machine's ceiling in GFLOP/s
     * @param ceilingGflopsPerCpuSecond the ceiling in GFLOP per CPU-second
     * @return the result
     * @throws IllegalArgumentException if no batch was timed
     */
    public static Throughput of(
            String workload,
            int batchSize,
            Timing timing,
            double flopsPerImage,
            double ceilingGflops,
            double ceilingGflopsPerCpuSecond) {
        long[] nanos = timing.nanos();
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no timed batches for " + workload + " at batch " + batchSize);
        }
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        long total = 0;
        for (long n : sorted) {
            total += n;
        }
        double imagesPerSecond = (double) batchSize * sorted.length / (total / 1e9);
        double gflops = imagesPerSecond * flopsPerImage / 1e9;
        // the JVM reports process CPU time in clock ticks (10 ms): a few tiny batches may show none
        double perCpuSecond =
                timing.cpuNanos() > 0 ? (double) batchSize * sorted.length * flopsPerImage / timing.cpuNanos() : 0;
        return new Throughput(
                workload,
                batchSize,
                sorted.length,
                imagesPerSecond,
                percentile(sorted, 0.5) / 1e6,
                percentile(sorted, 0.9) / 1e6,
                gflops,
                gflops / ceilingGflops,
                timing.cpuNanos() / 1e6 / sorted.length,
                (double) timing.minorFaults() / sorted.length,
                perCpuSecond,
                ratio(perCpuSecond, ceilingGflopsPerCpuSecond));
    }

    /**
     * Returns this result against another ceiling.
     *
     * @param ceilingGflops the ceiling in GFLOP/s
     * @param ceilingGflopsPerCpuSecond the ceiling in GFLOP per CPU-second
     * @return the result with both fractions recomputed
     */
    public Throughput withCeiling(double ceilingGflops, double ceilingGflopsPerCpuSecond) {
        return new Throughput(
                workload, batchSize, iterations, imagesPerSecond, medianMillis, p90Millis, gflops,
                gflops / ceilingGflops,
                cpuMillisPerBatch,
                minorFaultsPerBatch,
                gflopsPerCpuSecond,
                ratio(gflopsPerCpuSecond, ceilingGflopsPerCpuSecond));
    }

    /**
     * The raw measurements of a workload.
     *
     * @param nanos the wall time of each timed batch
     * @param cpuNanos the process's CPU time over all timed batches
     * @param minorFaults the process's minor page faults over all timed batches
     */
    public record Timing(long[] nanos, long cpuNanos, long minorFaults) {}

    /** A fraction that is 0, not infinite or NaN, when the ceiling could not be measured: JSON has neither. */
    private static double ratio(double value, double ceiling) {
        return ceiling > 0 ? value / ceiling : 0;
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
