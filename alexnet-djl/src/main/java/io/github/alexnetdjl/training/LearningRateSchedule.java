package io.github.alexnetdjl.training;

import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;

/**
 * How the learning rate changes from epoch to epoch, carrying the state a checkpoint needs for a resumed run
 * to continue exactly. {@link ClassifierTrainer} gives every update the current rate (through {@link
 * Tracker#getNewValue(int)}), calls {@link #epochEnded} after each epoch's validation, stores {@link
 * #exportState()} in the checkpoint's {@code training.json}, and, when resuming, hands that state back to
 * {@link #importState} before the first epoch. {@link PlateauSchedule}, the paper's rule, is the default;
 * {@link TrainingOptions.Builder#optSchedule} sets another.
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder()
 *         .optLearningRate(0.02f)
 *         .optSchedule(start -> new MySchedule(start))
 *         .build();
 * }</pre>
 */
public interface LearningRateSchedule extends Tracker {

    /**
     * Returns the rate for the next updates.
     *
     * @return the learning rate
     */
    float getLearningRate();

    /**
     * Returns {@link #getLearningRate()}: the rate changes between epochs, never within one.
     *
     * @param numUpdate the number of updates so far
     * @return the learning rate
     */
    @Override
    default float getNewValue(int numUpdate) {
        return getLearningRate();
    }

    /**
     * Records the end of an epoch; the rate it sets is the next epoch's.
     *
     * @param epoch the epoch that ended, from 1
     * @param validationAccuracy its top-1 validation accuracy
     */
    void epochEnded(int epoch, double validationAccuracy);

    /**
     * Returns everything that decides the rates still to come, as JSON fields.
     *
     * @return the state
     */
    JsonObject exportState();

    /**
     * Replaces the state with one {@link #exportState()} gave, read back from a checkpoint, which may be
     * damaged. The state is checked before any of it is taken.
     *
     * @param state the state
     * @throws IllegalArgumentException naming the field that is missing or out of range
     */
    void importState(JsonObject state);

    /** Makes a run's schedule: a schedule holds one run's state, so every run gets a new one. */
    @FunctionalInterface
    interface Factory {

        /**
         * Creates a schedule.
         *
         * @param learningRate the starting rate, {@link TrainingOptions#getLearningRate()}
         * @return a new schedule
         * @throws IllegalArgumentException if the schedule cannot start at that rate
         */
        LearningRateSchedule create(float learningRate);
    }
}
