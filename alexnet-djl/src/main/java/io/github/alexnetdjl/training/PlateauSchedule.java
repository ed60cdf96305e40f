package io.github.alexnetdjl.training;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * The paper's learning-rate rule: divide the rate by 10 when the validation error stops improving, at most
 * a given number of times. Call {@link #epochEnded(double)} once per epoch with the validation accuracy. Its
 * checkpoint state is {@link State}'s fields: {@code learningRate}, {@code reductions}, {@code best}, {@code
 * epochsSinceBest}.
 */
public final class PlateauSchedule implements LearningRateSchedule {

    private static final Gson GSON = new Gson();

    private final float factor;
    private final int patience;
    private final int maxReductions;
    private volatile float learningRate;
    private int reductions;
    private double best = -1;
    private int epochsSinceBest;

    /**
     * Creates the schedule.
     *
     * @param learningRate the starting rate
     * @param factor what the rate is multiplied by on a plateau (the paper's 0.1)
     * @param patience epochs without improvement that make a plateau
     * @param maxReductions how many times the rate may be reduced (the paper's 3)
     */
    public PlateauSchedule(float learningRate, float factor, int patience, int maxReductions) {
        if (!(learningRate > 0) || !(factor > 0 && factor < 1) || patience < 1 || maxReductions < 0) {
            throw new IllegalArgumentException(String.format(
                    "learning rate > 0, factor in (0, 1), patience >= 1 and max reductions >= 0 expected, got %s, %s, %d, %d",
                    learningRate, factor, patience, maxReductions));
        }
        this.learningRate = learningRate;
        this.factor = factor;
        this.patience = patience;
        this.maxReductions = maxReductions;
    }

    /**
     * Records an epoch's validation accuracy and reduces the rate when it has not improved for {@code
     * patience} epochs.
     *
     * @param validationAccuracy the epoch's validation accuracy
     * @return whether this epoch set a new best
     */
    public boolean epochEnded(double validationAccuracy) {
        if (validationAccuracy > best) {
            best = validationAccuracy;
            epochsSinceBest = 0;
            return true;
        }
        epochsSinceBest++;
        if (epochsSinceBest >= patience && reductions < maxReductions) {
            learningRate *= factor;
            reductions++;
            epochsSinceBest = 0;
        }
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public void epochEnded(int epoch, double validationAccuracy) {
        epochEnded(validationAccuracy);
    }

    /**
     * Returns the current learning rate.
     *
     * @return the rate
     */
    @Override
    public float getLearningRate() {
        return learningRate;
    }

    /**
     * Returns the best validation accuracy seen.
     *
     * @return the best accuracy, or -1 before the first epoch
     */
    public double getBest() {
        return best;
    }

    /**
     * Returns the schedule's state, to store in a checkpoint.
     *
     * @return learning rate, reductions, best accuracy, epochs since the best
     */
    public State getState() {
        return new State(learningRate, reductions, best, epochsSinceBest);
    }

    /**
     * Restores a state from {@link #getState()}.
     *
     * @param state the state
     */
    public void setState(State state) {
        learningRate = state.learningRate();
        reductions = state.reductions();
        best = state.best();
        epochsSinceBest = state.epochsSinceBest();
    }

    /** {@inheritDoc} */
    @Override
    public JsonObject exportState() {
        return GSON.toJsonTree(getState()).getAsJsonObject();
    }

    /**
     * {@inheritDoc} Missing fields read as 0, so a state without a learning rate is refused.
     */
    @Override
    public void importState(JsonObject json) {
        State state;
        try {
            state = GSON.fromJson(json, State.class);
        } catch (JsonParseException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(why.getMessage(), e);
        }
        if (!(state.learningRate() > 0 && Float.isFinite(state.learningRate()))) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + state.learningRate());
        }
        if (state.reductions() < 0 || state.epochsSinceBest() < 0) {
            throw new IllegalArgumentException("reductions and epochsSinceBest must be >= 0, got "
                    + state.reductions() + " and " + state.epochsSinceBest());
        }
        if (!(state.best() >= 0 && state.best() <= 1)) {
            throw new IllegalArgumentException("best must be an accuracy in [0, 1], got " + state.best());
        }
        setState(state);
    }

    /**
     * The schedule's state.
     *
     * @param learningRate the current rate
     * @param reductions how often it was reduced
     * @param best the best validation accuracy
     * @param epochsSinceBest epochs since the best
     */
    public record State(float learningRate, int reductions, double best, int epochsSinceBest) {}
}
