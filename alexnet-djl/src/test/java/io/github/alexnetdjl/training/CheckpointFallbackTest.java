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
                .addListener(new TrainingProgress() {
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
        assertTrue(skipped.get(0).endsWith("optimizer.ndlist is damaged: it ends early"), skipped.get(0));
    }

    @Test
    void declaredSizesThatDoNotFitTheFileAreSkippedBeforeAnythingIsAllocated() throws Exception {
        // A damaged dimension count: DJL would allocate a long[2^31 - 1] (16 GB) before reading on.
        List<String> skipped = resumeWithDamagedNewest("huge-rank",
                c -> overwriteInt(c.resolve(ClassifierTrainer.OPTIMIZER_STATE), 0, Integer.MAX_VALUE));
        assertTrue(skipped.get(0).endsWith("optimizer.ndlist is damaged: array 0 (conv1.conv.weight) declares"
                + " 2147483647 dimensions, expected 0 to 8"), skipped.get(0));
        // A damaged data length: DJL would reserve 2 GB of direct memory before reading on.
        skipped = resumeWithDamagedNewest("huge-length", c -> {
            Path file = c.resolve(ClassifierTrainer.OPTIMIZER_STATE);
            int rank = readInt(file, 0);
            int layout = readInt(file, 4 + 8 * rank);
            overwriteInt(file, 4 + 8 * rank + 4 + 2 * layout + 1, Integer.MAX_VALUE);
        });
        assertTrue(skipped.get(0).endsWith("optimizer.ndlist is damaged: array 0 (conv1.conv.weight) declares"
                + " 2147483647 data bytes for " + 4 * 3 * 11 * 11 + " values of 4 bytes"), skipped.get(0));
    }

    /** The offset of the first array's shape: after the array count and the header strings before it. */
    private static int shapeOffset(byte[] bytes) {
        byte[] type = "FLOAT32".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + type.length <= bytes.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(bytes, i, i + type.length), type)) {
                return i + type.length;
            }
        }
        throw new AssertionError("no FLOAT32 header");
    }

    private static int readInt(Path file, int fromShape) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return java.nio.ByteBuffer.wrap(bytes, shapeOffset(bytes) + fromShape, 4).getInt();
    }

    private static void overwriteInt(Path file, int fromShape, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.nio.ByteBuffer.wrap(bytes).putInt(shapeOffset(bytes) + fromShape, value);
        Files.write(file, bytes);
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
