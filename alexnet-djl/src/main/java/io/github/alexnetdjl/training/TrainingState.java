package io.github.alexnetdjl.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a checkpoint's {@code training.json} holds besides the model. The best model carries the one of its
 * epoch, so that a resumed run can tell whether {@code best/} holds the epoch its checkpoint names.
 */
final class TrainingState {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    int epoch;
    long seed;
    float learningRate;
    int reductions;
    double best;
    int epochsSinceBest;
    /** The epoch of the best model so far; 0 in checkpoints written before it was recorded. */
    int bestEpoch;

    static TrainingState of(int epoch, long seed, PlateauSchedule.State schedule, int bestEpoch) {
        TrainingState state = new TrainingState();
        state.epoch = epoch;
        state.seed = seed;
        state.learningRate = schedule.learningRate();
        state.reductions = schedule.reductions();
        state.best = schedule.best();
        state.epochsSinceBest = schedule.epochsSinceBest();
        state.bestEpoch = bestEpoch;
        return state;
    }

    PlateauSchedule.State schedule() {
        return new PlateauSchedule.State(learningRate, reductions, best, epochsSinceBest);
    }

    String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Reads and checks a state file.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    static TrainingState read(Path file) throws IOException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is missing", e);
        }
        TrainingState state;
        try {
            state = GSON.fromJson(json, TrainingState.class);
        } catch (JsonParseException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IOException(file + " is not valid: " + why.getMessage(), e);
        }
        if (state == null) {
            throw new IOException(file + " is empty");
        }
        String problem = state.problem();
        if (problem != null) {
            throw new IOException(file + " is not valid: " + problem);
        }
        return state;
    }

    private String problem() {
        if (epoch < 1) {
            return "epoch must be at least 1, got " + epoch;
        }
        if (!(learningRate > 0 && Float.isFinite(learningRate))) {
            return "learningRate must be a positive number, got " + learningRate;
        }
        if (reductions < 0 || epochsSinceBest < 0) {
            return "reductions and epochsSinceBest must be >= 0, got " + reductions + " and " + epochsSinceBest;
        }
        if (!(best >= 0 && best <= 1)) {
            return "best must be an accuracy in [0, 1], got " + best;
        }
        if (bestEpoch < 0 || bestEpoch > epoch) {
            return "bestEpoch must be in [0, epoch], got " + bestEpoch;
        }
        return null;
    }
}
