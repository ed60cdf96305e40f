package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.store.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule is pluggable: another one than the plateau rule trains, checkpoints its own state and resumes
 * exactly; and checkpoints that hold the plateau state at the top level of training.json still resume.
 */
class LearningRateScheduleTest {

    @TempDir static Path temp;
    static DecodedImages[] data;

    @BeforeAll
    static void data() throws Exception {
        data = TrainingRun.decode(TrainingRun.tinyData(temp.resolve("data")));
    }

    private static TrainingOptions stepDecay(int epochs) {
        return TrainingRun.tinyOptions(epochs).toBuilder()
                .optSchedule(rate -> new StepDecaySchedule(rate, 0.5f, 1))
                .build();
    }

    @Test
    void thePlateauRuleIsTheDefault() {
        assertInstanceOf(PlateauSchedule.class, TrainingOptions.builder().build().newSchedule());
    }

    @Test
    void anotherScheduleCheckpointsItsStateAndResumesExactly() throws Exception {
        Path straight = temp.resolve("step-straight");
        Path interrupted = temp.resolve("step-interrupted");
        List<EpochMetrics> full = TrainingRun.trainer(data, straight, stepDecay(2), false).build().fit();
        TrainingRun.trainer(data, interrupted, stepDecay(1), false).build().fit();

        JsonObject saved = JsonParser.parseString(
                Files.readString(interrupted.resolve("checkpoints/epoch-0001/training.json"))).getAsJsonObject();
        assertEquals(1, saved.getAsJsonObject("schedule").get("epochsDone").getAsInt());

        List<Float> rates = new ArrayList<>();
        List<EpochMetrics> resumed = TrainingRun.trainer(data, interrupted, stepDecay(2), true)
                .addListener(new TrainingProgress() {
                    @Override
                    public void onEpoch(EpochMetrics metrics, float learningRate, boolean best) {
                        rates.add(learningRate);
                    }
                })
                .build().fit();
        assertEquals(List.of(0.05f * 0.25f), rates, "after epoch 2 the rate was halved twice");
        // Epoch 2 trained at half the first rate only if the resumed schedule knew epoch 1 was done.
        assertEquals(full.get(1).trainLoss(), resumed.get(1).trainLoss(), 1e-6);
        assertEquals(full.get(1).valLoss(), resumed.get(1).valLoss(), 1e-6);
        assertSameParameters(straight, interrupted, "checkpoints/epoch-0002");
    }

    @Test
    void aCheckpointWithThePlateauStateAtTheTopLevelResumes() throws Exception {
        Path straight = temp.resolve("plateau-straight");
        Path interrupted = temp.resolve("plateau-interrupted");
        List<EpochMetrics> full = TrainingRun.trainer(data, straight, TrainingRun.tinyOptions(2), false).build().fit();
        TrainingRun.trainer(data, interrupted, TrainingRun.tinyOptions(1), false).build().fit();
        Path state = interrupted.resolve("checkpoints/epoch-0001/training.json");
        JsonObject nested = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        JsonObject flat = nested.getAsJsonObject("schedule").deepCopy();
        for (String field : List.of("epoch", "seed", "bestEpoch")) {
            flat.add(field, nested.get(field));
        }
        assertEquals(nested.get("best"), flat.get("best"), "the plateau's best is the run's best");
        Files.writeString(state, flat.toString());

        List<EpochMetrics> resumed = TrainingRun.trainer(data, interrupted, TrainingRun.tinyOptions(2), true).build().fit();
        assertEquals(full.get(1).trainLoss(), resumed.get(1).trainLoss(), 1e-6);
        assertEquals(full.get(1).valLoss(), resumed.get(1).valLoss(), 1e-6);
        assertSameParameters(straight, interrupted, "checkpoints/epoch-0002");
    }

    private static void assertSameParameters(Path a, Path b, String dir) throws Exception {
        try (ModelDirectory x = ModelDirectory.load(a.resolve(dir), Device.cpu());
                ModelDirectory y = ModelDirectory.load(b.resolve(dir), Device.cpu())) {
            List<Pair<String, Parameter>> px = x.getBlock().getParameters().stream().toList();
            List<Pair<String, Parameter>> py = y.getBlock().getParameters().stream().toList();
            assertEquals(px.size(), py.size());
            for (int i = 0; i < px.size(); i++) {
                assertArrayEquals(px.get(i).getValue().getArray().toFloatArray(),
                        py.get(i).getValue().getArray().toFloatArray(), 1e-6f, px.get(i).getKey());
            }
        }
    }
}
