package io.github.alexnetdjl.training;

import java.nio.file.Path;
import java.util.List;

/**
 * Hears about a training run's progress, e.g. to draw a progress bar or a chart. (Not DJL's
 * {@code TrainingListener}, which hooks into a DJL {@code Trainer}: this one reports whole epochs of a run.)
 */
public interface TrainingProgress {

    /**
     * Called after each training batch.
     *
     * @param epoch the epoch, counted from 1
     * @param images images done in this epoch
     * @param totalImages images in the epoch
     * @param imagesPerSecond the epoch's speed so far
     * @param loss the epoch's mean loss so far
     * @param accuracy the epoch's training accuracy so far
     */
    default void onBatch(int epoch, int images, int totalImages, double imagesPerSecond, double loss, double accuracy) {}

    /**
     * Called after each epoch's validation and checkpoint.
     *
     * @param metrics the epoch's numbers
     * @param learningRate the learning rate for the next epoch
     * @param best whether this epoch is the best so far
     */
    default void onEpoch(EpochMetrics metrics, float learningRate, boolean best) {}

    /**
     * Called after each epoch, once metrics.csv holds it, with every epoch of the run so far (those of earlier,
     * resumed sessions included).
     *
     * @param history the epochs' metrics, oldest first
     */
    default void onHistory(List<EpochMetrics> history) {}

    /**
     * Called when resuming skips a damaged checkpoint for an older one; the trainer logs it as a warning too.
     *
     * @param checkpoint the damaged checkpoint directory
     * @param reason what is wrong with it
     */
    default void onCheckpointSkipped(Path checkpoint, String reason) {}
}
