package io.github.alexnetdjl.training;

import com.google.gson.JsonObject;

/**
 * A schedule from outside the library: the rate times {@code factor} every {@code step} epochs, whatever the
 * validation says. Its state is the number of epochs seen, without which a resumed run would start again at
 * the first rate.
 */
final class StepDecaySchedule implements LearningRateSchedule {

    private final float start;
    private final float factor;
    private final int step;
    private int epochsDone;

    StepDecaySchedule(float start, float factor, int step) {
        this.start = start;
        this.factor = factor;
        this.step = step;
    }

    @Override
    public float getLearningRate() {
        return start * (float) Math.pow(factor, epochsDone / step);
    }

    @Override
    public void epochEnded(int epoch, double validationAccuracy) {
        epochsDone = epoch;
    }

    @Override
    public JsonObject exportState() {
        JsonObject state = new JsonObject();
        state.addProperty("epochsDone", epochsDone);
        return state;
    }

    @Override
    public void importState(JsonObject state) {
        if (!state.has("epochsDone") || state.get("epochsDone").getAsInt() < 0) {
            throw new IllegalArgumentException("epochsDone must be a count of epochs, got " + state.get("epochsDone"));
        }
        epochsDone = state.get("epochsDone").getAsInt();
    }
}
