package io.github.alexnetdjl.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint's {@code training.json} holds besides the model: the epoch, the run's seed, the best
 * validation accuracy so far and its epoch, the learning-rate schedule's own state under {@code
 * schedule}, and, for a run that fine-tunes, under {@code fineTuning}: the model directory it started from, the
 * frozen stages and the learning-rate multipliers, which a resumed run keeps. The best model carries the one of
 * its epoch, so that a resumed run can tell whether {@code best/} holds the epoch its checkpoint names.
 *
 * <p>Checkpoints written before the schedule had its own object hold the plateau schedule's fields at the
 * top level; the top-level object is then the schedule's state.
 */
final class TrainingState {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    int epoch;
    long seed;
    /** The best validation accuracy so far. */
    double best;
    /** The epoch of the best model so far; 0 in checkpoints written before it was recorded. */
    int bestEpoch;
    /** The schedule's {@link LearningRateSchedule#exportState()}. */
    JsonObject schedule;
    /** Absent when the run started from a new network and neither froze nor multiplied anything. */
    FineTuning fineTuning;

    /** How a run fine-tunes. */
    static final class FineTuning {
        /** The model directory the run started from, absolute; absent when it started from a new network. */
        String from;
        List<String> frozen;
        Map<String, Float> learningRateMultipliers;
    }

    static TrainingState of(int epoch, long seed, double best, int bestEpoch, JsonObject schedule) {
        TrainingState state = new TrainingState();
        state.epoch = epoch;
        state.seed = seed;
        state.best = best;
        state.bestEpoch = bestEpoch;
        state.schedule = schedule;
        return state;
    }

    /**
     * Records how the run fine-tunes.
     *
     * @param from the model directory the run started from, absolute, or null
     * @param stages the frozen and multiplied stages
     * @return this state
     */
    TrainingState withFineTuning(String from, StageSettings stages) {
        if (from == null && stages.isEmpty()) {
            fineTuning = null;
            return this;
        }
        fineTuning = new FineTuning();
        fineTuning.from = from;
        fineTuning.frozen = stages.frozen();
        fineTuning.learningRateMultipliers = stages.multipliers();
        return this;
    }

    /**
     * Returns the frozen and multiplied stages this state records.
     *
     * @param file the file this state was read from, for the message
     * @return the settings; none for a state that records no fine-tuning
     * @throws IOException naming the file, if a stage or factor is not valid
     */
    StageSettings stageSettings(Path file) throws IOException {
        if (fineTuning == null) {
            return StageSettings.NONE;
        }
        try {
            return StageSettings.of(fineTuning.frozen == null ? List.of() : fineTuning.frozen,
                    fineTuning.learningRateMultipliers == null ? Map.of() : fineTuning.learningRateMultipliers);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid: fineTuning: " + e.getMessage(), e);
        }
    }

    String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Reads and checks a state file; the schedule's state is checked by the schedule ({@link #restore}).
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
            JsonElement tree = JsonParser.parseString(json);
            state = GSON.fromJson(tree, TrainingState.class);
            if (state != null && state.schedule == null) {
                state.schedule = tree.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException e) {
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

    /**
     * Gives the schedule its state from this file.
     *
     * @param schedule the run's schedule
     * @param file the file this state was read from, for the message
     * @throws IOException naming the file and what the schedule found wrong
     */
    void restore(LearningRateSchedule schedule, Path file) throws IOException {
        try {
            schedule.importState(this.schedule);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    private String problem() {
        if (epoch < 1) {
            return "epoch must be at least 1, got " + epoch;
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
