package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming skips a damaged newest checkpoint for the newest intact one, says which and why, and then ends
 * where an undamaged run ends; with no intact checkpoint it is one clear error.
 */
class CheckpointFallbackTest {

    @TempDir static Path temp;
    static DecodedImages[] data;
    static Path twoEpochs;
    static List<EpochMetrics> straight;

    @BeforeAll
    static void train() throws Exception {
        data = TrainingRun.decode(TrainingRun.tinyData(temp.resolve("data")));
        twoEpochs = temp.resolve("two-epochs");
        straight = TrainingRun.trainer(data, twoEpochs, TrainingRun.tinyOptions(2), false).build().fit();
    }

    private interface Damage {
        void apply(Path checkpoint) throws IOException;
    }

    /** Damages a copy of the two-epoch run's checkpoint 2, resumes it to epoch 2 and returns the skip reasons. */
    private static List<String> resumeWithDamagedNewest(String name, Damage damage) throws Exception {
        Path out = temp.resolve(name);
        ClassifierTrainerTest.copyTree(twoEpochs, out);
        Path newest = out.resolve("checkpoints/epoch-0002");
        damage.apply(newest);
        List<String> skipped = new ArrayList<>();
        List<EpochMetrics> resumed = TrainingRun.trainer(data, out, TrainingRun.tinyOptions(2), true)
                .optListener(new TrainingListener() {
                    @Override
                    public void onCheckpointSkipped(Path checkpoint, String reason) {
                        assertEquals(newest, checkpoint);
                        skipped.add(reason);
                    }
                })
                .build().fit();
        assertEquals(1, skipped.size());
        assertEquals(2, resumed.size());
        assertEquals(straight.get(1).trainLoss(), resumed.get(1).trainLoss(), 1e-6, "epoch 2 trained again");
        assertEquals(straight.get(1).valLoss(), resumed.get(1).valLoss(), 1e-6);
        ModelDirectory.load(newest).close(); // saved again, whole
        return skipped;
    }

    @Test
    void anEmptyOptimizerStateIsSkipped() throws Exception {
        List<String> skipped = resumeWithDamagedNewest("empty-optimizer",
                c -> Files.write(c.resolve(ClassifierTrainer.OPTIMIZER_STATE), new byte[0]));
        assertTrue(skipped.get(0).endsWith("optimizer.ndlist is not a readable optimizer state (Malformed data:"
                + " EOFException)"), skipped.get(0));
    }

    @Test
    void truncatedParametersAreSkipped() throws Exception {
        List<String> skipped = resumeWithDamagedNewest("truncated-params", c -> {
            Path params = c.resolve("alexnet-0000.params");
            byte[] bytes = Files.readAllBytes(params);
            Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        });
        assertTrue(skipped.get(0).startsWith("the model does not load: "), skipped.get(0));
    }

    @Test
    void aTrainingStateThatIsNotJsonIsSkipped() throws Exception {
        List<String> skipped = resumeWithDamagedNewest("bad-json",
                c -> Files.writeString(c.resolve(ClassifierTrainer.TRAINING_STATE), "{\"epoch\": \"two\"}"));
        assertTrue(skipped.get(0).contains("training.json is not valid"), skipped.get(0));
    }

    @Test
    void aTrainingStateWithMissingFieldsIsSkipped() throws Exception {
        List<String> skipped = resumeWithDamagedNewest("missing-fields",
                c -> Files.writeString(c.resolve(ClassifierTrainer.TRAINING_STATE), "{\"epoch\": 2}"));
        assertTrue(skipped.get(0).endsWith("training.json is not valid: learningRate must be a positive number, got 0.0"),
                skipped.get(0));
    }

    @Test
    void withNoIntactCheckpointResumingIsOneErrorNamingTheDirectory() throws Exception {
        Path out = temp.resolve("none-intact");
        ClassifierTrainerTest.copyTree(twoEpochs, out);
        for (String epoch : List.of("epoch-0001", "epoch-0002")) {
            Files.writeString(out.resolve("checkpoints").resolve(epoch).resolve(ClassifierTrainer.TRAINING_STATE), "");
        }
        IOException e = assertThrows(IOException.class,
                () -> TrainingRun.trainer(data, out, TrainingRun.tinyOptions(2), true).build().fit());
        assertEquals("no intact checkpoint to resume from in " + out.resolve("checkpoints") + " (epoch-0002: "
                + out.resolve("checkpoints/epoch-0002/training.json") + " is empty; epoch-0001: "
                + out.resolve("checkpoints/epoch-0001/training.json") + " is empty)", e.getMessage());
    }

    @Test
    void theConfigurationForResumingComesFromTheNewestCheckpointWhoseConfigurationReads() throws Exception {
        Path out = temp.resolve("bad-config");
        ClassifierTrainerTest.copyTree(twoEpochs, out);
        Files.writeString(out.resolve("checkpoints/epoch-0002/config.json"), "{");
        assertEquals(TrainingRun.tinyConfig().toJson(), ClassifierTrainer.checkOutput(out, true).toJson());
    }
}
