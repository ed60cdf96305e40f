package io.github.alexnetdjl.bench;

import java.util.List;
import java.util.Map;

/**
 * What one {@link PipelineBenchmark} run measured: each stage of the data pipeline as images per second,
 * per second per core and per CPU-second, and one thread's milliseconds per image for each step.
 *
 * @param images the number of JPEGs
 * @param width each JPEG's width
 * @param height each JPEG's height
 * @param meanJpegBytes the mean file size
 * @param shorterSide the side images are resized to
 * @param crop the crop's side
 * @param batchSize images per batch
 * @param threads the cores the pipeline's pools use
 * @param loadAverage the one-minute load average when the run started, -1 where unknown
 * @param stages the stages, timed on all {@code threads}
 * @param millisPerImageOneThread one thread's CPU milliseconds per image for each step, in pipeline order
 * @param normalizeOnDevice whether batches were uint8 normalized by the engine (the trainer's on a GPU)
 *     rather than float32 normalized in Java (its default on the CPU)
 */
public record PipelineReport(
        int images,
        int width,
        int height,
        long meanJpegBytes,
        int shorterSide,
        int crop,
        int batchSize,
        int threads,
        double loadAverage,
        List<Stage> stages,
        Map<String, Double> millisPerImageOneThread,
        boolean normalizeOnDevice) {

    /**
     * One stage of the pipeline, timed on all cores.
     *
     * @param name "decode once" (JPEG decode and resize, what happens when the cache applies), "first epoch"
     *     (random crop, flip, normalize and batch from the cache while the heap is still growing),
     *     "augment+batch" (the same in later epochs, the steady state), or "cold" (decode, resize, augment and
     *     batch every epoch, when the images do not fit in the cache)
     * @param images images processed
     * @param seconds wall time
     * @param cpuSeconds CPU time of the whole process over the stage
     * @param imagesPerSecond images over wall time
     * @param imagesPerSecondPerCore {@code imagesPerSecond} over the cores used
     * @param imagesPerCpuSecond images over CPU time: the per-core rate that other processes on a shared
     *     machine distort least
     */
    public record Stage(
            String name,
            int images,
            double seconds,
            double cpuSeconds,
            double imagesPerSecond,
            double imagesPerSecondPerCore,
            double imagesPerCpuSecond) {}
}
