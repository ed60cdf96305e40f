package io.github.alexnetdjl.bench;

import java.util.List;

/**
 * What one {@link MemorySoak} run saw: the heap after a full collection and the resident set, sampled at
 * regular steps of a long run of training steps and of predictions, and how far the second half of each run
 * drifted from the first.
 *
 * @param variant the network's name
 * @param imageShape one image's shape
 * @param loadAverage the one-minute load average when the run started, -1 where unknown
 * @param phases the training phase and the prediction phase, those that ran
 */
public record SoakReport(String variant, String imageShape, double loadAverage, List<Phase> phases) {

    /**
     * One long run of the same step.
     *
     * @param workload "training" or "prediction"
     * @param steps the steps after the warm-up
     * @param batchSize images per step
     * @param warmupSteps steps run before the first sample, so the allocator's pools have reached their working
     *     size
     * @param seconds the wall time of the sampled steps, sampling included
     * @param samples heap and resident set every few steps, the first after the warm-up (step 0)
     * @param heapDrift the mean heap of the second half of the samples over the first half's, minus 1
     * @param residentDrift the same for the resident set
     * @param flat whether both drifts are within ±5 %, the criterion
     */
    public record Phase(
            String workload,
            int steps,
            int batchSize,
            int warmupSteps,
            double seconds,
            List<Sample> samples,
            double heapDrift,
            double residentDrift,
            boolean flat) {}

    /**
     * One sample.
     *
     * @param step the steps done since the warm-up
     * @param heapAfterGcBytes the Java heap in use right after {@code System.gc()}
     * @param residentBytes the resident set, {@code VmRSS}
     */
    public record Sample(int step, long heapAfterGcBytes, long residentBytes) {}
}
