package io.github.alexnetdjl.training;

import java.io.IOException;

/**
 * Thrown when a training run's loss stops being a finite number: the run stops at once, and nothing of the
 * epoch in which it happened is saved (no checkpoint, no best model, no metrics row). The usual cause is a
 * learning rate that is too high for the network and data.
 */
public final class TrainingDivergedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    /**
     * Creates the exception.
     *
     * @param message the whole explanation, one line
     * @param epoch the epoch, counted from 1
     * @param step the training step within the epoch, counted from 1, or 0 if validation found it
     */
    public TrainingDivergedException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /**
     * Returns the epoch in which the loss stopped being finite.
     *
     * @return the epoch, counted from 1
     */
    public int getEpoch() {
        return epoch;
    }

    /**
     * Returns the training step at which the loss stopped being finite.
     *
     * @return the step within the epoch, counted from 1, or 0 if the validation loss was the first
     */
    public int getStep() {
        return step;
    }
}
