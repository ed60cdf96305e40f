package io.github.alexnetdjl.bench;

/**
 * One timed workload: how many images per second it ran, its latency per batch, and what that is as a
 * share of the machine's matrix-multiply ceiling.
 *
 * @param workload "inference" or "training"
 * @param batchSize images per batch
 * @param iterations batches timed (after the warm-up)
 * @param imagesPerSecond images over the total time of the timed batches
 * @param medianMillis the median time of one batch
 * @param p90Millis the 90th-percentile time of one batch
 * @param gflops the FLOPs done per second, in billions (forward FLOPs, and 3× forward for a training step)
 * @param fractionOfCeiling {@code gflops} over the matrix-multiply ceiling
 */
public record Throughput(
        String workload,
        int batchSize,
        int iterations,
        double imagesPerSecond,
        double medianMillis,
        double p90Millis,
        double gflops,
        double fractionOfCeiling) {

    /**
     * Computes a result from the batch times.
     *
     * @param workload "inference" or "training"
     * @param batchSize images per batch
     * @param nanos the time of each timed batch
     * @param flopsPerImage FLOPs one image costs in this workload
     * @param ceilingGflops the machine's ceiling
     * @return the result
     * @throws IllegalArgumentException if no batch was timed
     */
    public static Throughput of(
            String workload, int batchSize, long[] nanos, double flopsPerImage, double ceilingGflops) {
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
        return new Throughput(
                workload,
                batchSize,
                sorted.length,
                imagesPerSecond,
                percentile(sorted, 0.5) / 1e6,
                percentile(sorted, 0.9) / 1e6,
                gflops,
                gflops / ceilingGflops);
    }

    /**
     * Returns this result against another ceiling.
     *
     * @param ceilingGflops the machine's ceiling
     * @return the result with {@code fractionOfCeiling} recomputed
     */
    public Throughput withCeiling(double ceilingGflops) {
        return new Throughput(
                workload, batchSize, iterations, imagesPerSecond, medianMillis, p90Millis, gflops,
                gflops / ceilingGflops);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
