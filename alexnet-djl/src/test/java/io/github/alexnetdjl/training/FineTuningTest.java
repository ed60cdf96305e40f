package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fine-tuning on a tiny network: runs on pairs of strokes ({@link StrokeImages#PAIRS}) start from a model
 * directory, a new network's or, to show that it pays, one trained on single strokes ({@link
 * StrokeImages#STROKES}).
 */
class FineTuningTest {

    /** The seed of the data, the pretraining and the runs. */
    private static final long SEED = 3;
    private static final int BUDGET = 6;
    private static final double TARGET = 0.75;

    @TempDir static Path temp;
    /** A new network of 3 classes, its BatchNorm statistics at their start (mean 0, variance 1). */
    static Path source;
    static DecodedImages[] pairs;

    /** The network of both tasks: the tiny one without dropout, which learns in few steps. */
    static ModelConfig config(int classes) {
        return ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(classes)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).optDropout(0f).build();
    }

    /** The recipe: batch 8, a constant learning rate, the CPU. */
    static TrainingOptions.Builder options(long seed, int epochs, float learningRate) {
        return TrainingOptions.builder().optEpochs(epochs).optBatchSize(8).optLearningRate(learningRate)
                .optPlateau(0.1f, 1, 0).optDevice(Device.cpu()).optSeed(seed).optLoaderThreads(1);
    }

    static DecodedImages[] decode(Path root) throws IOException {
        ModelConfig config = config(2);
        return new DecodedImages[] {
            DecodedImages.decode(ImageFolder.scan(root.resolve("train")), config.getResize(), 64),
            DecodedImages.decode(ImageFolder.scan(root.resolve("val")), config.getResize(), 64)
        };
    }

    /** Trains the first task from scratch for 15 epochs and returns its best model. */
    static Path pretrain(Path dir, long seed) throws IOException {
        DecodedImages[] strokes = decode(StrokeImages.write(dir.resolve("strokes"), StrokeImages.STROKES, 40, 10, seed));
        ClassifierTrainer.builder().setConfig(config(3)).setData(strokes[0], strokes[1]).setOutput(dir.resolve("first"))
                .optOptions(options(seed, 15, 0.01f).build()).build().fit();
        return dir.resolve("first").resolve(ClassifierTrainer.BEST);
    }

    static DecodedImages[] pairs(Path dir, long seed) throws IOException {
        return decode(StrokeImages.write(dir.resolve("pairs"), StrokeImages.PAIRS, 16, 20, seed + 100));
    }

    @BeforeAll
    static void data() throws IOException {
        source = freshModel(temp.resolve("source"), config(3), 1);
        pairs = pairs(temp, SEED);
    }

    static Map<String, float[]> parameters(Path modelDirectory) throws Exception {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (ModelDirectory model = ModelDirectory.load(modelDirectory, Device.cpu())) {
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    /** The first epoch whose validation accuracy reaches the target, or budget + 1 when none does. */
    static int epochsToTarget(List<EpochMetrics> history) {
        return history.stream().filter(m -> m.valAccuracy() >= TARGET).mapToInt(EpochMetrics::epoch).findFirst()
                .orElse(BUDGET + 1);
    }

    /**
     * The second task has 16 training images per class, 6 steps an epoch: from scratch the network does not reach
     * 75% within 6 epochs; started from the first task's model with conv1 to conv5 frozen, it does in the first
     * few. Checked for the seeds 1 to 12 ({@code -Dfinetune.seeds=1,2,...,12} runs them): the fine-tuned runs
     * reached 75% in epoch 1 (6 seeds), 2 (5 seeds) or 3 (1 seed); the runs from scratch never did, at
     * most 63% in any epoch.
     */
    @Test
    @Tag("slow")
    void aFineTunedRunReachesTheTargetInFewerEpochsThanOneFromScratch() throws Exception {
        for (String s : System.getProperty("finetune.seeds", String.valueOf(SEED)).split(",")) {
            long seed = Long.parseLong(s.trim());
            Path dir = temp.resolve("seed-" + seed);
            Path from = pretrain(dir, seed);
            DecodedImages[] data = seed == SEED ? pairs : pairs(dir, seed);
            List<EpochMetrics> fineTuned = ClassifierTrainer.builder().optStartFrom(from).setData(data[0], data[1])
                    .setOutput(dir.resolve("fine-tuned"))
                    .optOptions(options(seed, BUDGET, 0.02f).optFreeze("features").build()).build().fit();
            List<EpochMetrics> scratch = ClassifierTrainer.builder().setConfig(config(3)).setData(data[0], data[1])
                    .setOutput(dir.resolve("scratch")).optOptions(options(seed, BUDGET, 0.02f).build()).build().fit();
            String curves = "seed " + seed + ": fine-tuned " + accuracies(fineTuned) + ", from scratch "
                    + accuracies(scratch);
            assertTrue(epochsToTarget(fineTuned) <= BUDGET, curves);
            assertTrue(epochsToTarget(fineTuned) < epochsToTarget(scratch), curves);
        }
    }

    private static List<String> accuracies(List<EpochMetrics> history) {
        return history.stream().map(m -> String.format("%.2f", m.valAccuracy())).toList();
    }

    @Test
    void frozenStagesStayBitForBitAndTheirBatchNormKeepsItsStatistics() throws Exception {
        // Two of the second task's classes: the new classifier has 2 outputs where the first task's had 3.
        Path twoClasses = StrokeImages.write(temp.resolve("two-pairs"),
                Map.of("horizontal-pair", StrokeImages.PAIRS.get("horizontal-pair"),
                        "vertical-pair", StrokeImages.PAIRS.get("vertical-pair")), 8, 4, SEED);
        DecodedImages[] data = decode(twoClasses);
        Path out = temp.resolve("frozen");
        ClassifierTrainer.builder().optStartFrom(source).setData(data[0], data[1]).setOutput(out)
                .optOptions(options(SEED, 2, 0.02f).optFreeze("conv1..conv3").build()).build().fit();

        Map<String, float[]> before = parameters(source);
        Map<String, float[]> after = parameters(out.resolve("checkpoints/epoch-0002"));
        assertEquals(before.keySet(), after.keySet());
        for (String path : before.keySet()) {
            String stage = path.substring(0, path.indexOf('.'));
            if (List.of("conv1", "conv2", "conv3").contains(stage)) {
                assertArrayEquals(before.get(path), after.get(path), path + " is frozen"); // bit for bit
            } else if (!stage.equals("fc8")) {
                assertFalse(Arrays.equals(before.get(path), after.get(path)), path + " learns");
            }
        }
        assertTrue(before.containsKey("conv1.bn.runningMean") && before.containsKey("conv2.bn.runningVar"));
        assertEquals(3 * 16, before.get("fc8.dense.weight").length);
        assertEquals(2 * 16, after.get("fc8.dense.weight").length, "the new classifier has 2 outputs");
        assertEquals(List.of("horizontal-pair", "vertical-pair"),
                ModelDirectory.readClasses(out.resolve(ClassifierTrainer.BEST)));
        assertEquals(3, ModelDirectory.readConfig(source).getNumClasses());
        assertEquals(2, ModelDirectory.readConfig(out.resolve(ClassifierTrainer.BEST)).getNumClasses());
        assertEquals(ModelDirectory.readConfig(source).getResize(),
                ModelDirectory.readConfig(out.resolve(ClassifierTrainer.BEST)).getResize());
    }

    @Test
    void aLearningRateMultiplierOfZeroUpdatesAsFreezingDoes() throws Exception {
        // conv3 to fc7 have no BatchNorm, so both runs compute the same forward passes.
        Path frozen = temp.resolve("frozen-conv3-fc7");
        Path zero = temp.resolve("zero-conv3-fc7");
        ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(frozen)
                .optOptions(options(SEED, 2, 0.02f).optFreeze("conv3..fc7").build()).build().fit();
        ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(zero)
                .optOptions(options(SEED, 2, 0.02f).optLearningRateMultiplier("conv3..fc7", 0f).build()).build().fit();
        Map<String, float[]> before = parameters(source);
        Map<String, float[]> a = parameters(frozen.resolve("checkpoints/epoch-0002"));
        Map<String, float[]> b = parameters(zero.resolve("checkpoints/epoch-0002"));
        for (String path : before.keySet()) {
            if (List.of("conv3", "conv4", "conv5", "fc6", "fc7").contains(path.substring(0, path.indexOf('.')))) {
                assertArrayEquals(before.get(path), a.get(path), path + " frozen");
                assertArrayEquals(before.get(path), b.get(path), path + " at multiplier 0");
            } else {
                assertArrayEquals(a.get(path), b.get(path), 1e-6f, path + " learns alike in both");
            }
        }
        assertFalse(Arrays.equals(before.get("conv1.conv.weight"), a.get("conv1.conv.weight")), "conv1 learns");
    }

    /** A network of a variant at its smallest tiny size, fresh from the seed, saved with 5 classes. */
    static Path freshModel(Path dir, ModelConfig config, long seed) throws IOException {
        AlexNetBlock block = config.newBlock();
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(seed).build()
                .newModel("fresh", block, block.getInputShape(1))) {
            List<String> classes = List.of("a", "b", "c", "d", "e").subList(0, config.getNumClasses());
            ModelDirectory.save(dir, block, config, classes);
        }
        return dir;
    }

    /**
     * Every variant: with conv1 to fc7 frozen and fc8 at multiplier 0 nothing changes, so after an epoch every
     * parameter but fc8's is the source's, and fc8 is new, for the new number of classes: biases zero, weights
     * drawn with a standard deviation near 0.01.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void theNewClassifierStartsSmallAndEverythingElseIsTheSources(Variant variant)
            throws Exception {
        String name = variant.name().toLowerCase(Locale.ROOT);
        ModelConfig.Builder tiny = ModelConfig.builder().optVariant(name).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16);
        // The paper's unpadded conv1 needs 67 pixels to leave conv5 a window to pool.
        ModelConfig sourceConfig = tiny.optInputShape(3, variant == Variant.PAPER ? 67 : 64,
                variant == Variant.PAPER ? 67 : 64).optNumClasses(5).build();
        Path from = variant == Variant.SEED ? source : freshModel(temp.resolve("source-" + name), sourceConfig, 1);
        ModelConfig config = FineTuning.config(from, 3);
        int side = config.getInputShape()[1];
        DecodedImages[] data = {
            DecodedImages.decode(ImageFolder.scan(temp.resolve("pairs/train")), config.getResize(), side),
            DecodedImages.decode(ImageFolder.scan(temp.resolve("pairs/val")), config.getResize(), side)
        };
        Path out = temp.resolve("nothing-learns-" + name);
        ClassifierTrainer.builder().optStartFrom(from).setData(data[0], data[1]).setOutput(out)
                .optOptions(options(SEED, 1, 0.02f).optFreeze("conv1..fc7").optLearningRateMultiplier("fc8", 0f)
                        .build())
                .build().fit();

        Map<String, float[]> before = parameters(from);
        Map<String, float[]> after = parameters(out.resolve("checkpoints/epoch-0001"));
        assertEquals(before.keySet(), after.keySet());
        for (String path : before.keySet()) {
            if (path.equals("fc8.dense.bias")) {
                assertArrayEquals(new float[after.get(path).length], after.get(path), path + " starts at zero");
            } else if (path.equals("fc8.dense.weight")) {
                double sumOfSquares = 0;
                for (float w : after.get(path)) {
                    sumOfSquares += w * w;
                    assertTrue(Math.abs(w) < 0.05, path + " has " + w);
                }
                double sigma = Math.sqrt(sumOfSquares / after.get(path).length);
                assertTrue(sigma > 0.006 && sigma < 0.014, path + " has a standard deviation of " + sigma);
            } else {
                assertArrayEquals(before.get(path), after.get(path), path + " is the source's");
            }
        }
        assertEquals(3 * 16, after.get("fc8.dense.weight").length);
        ModelConfig saved = ModelDirectory.readConfig(out.resolve(ClassifierTrainer.BEST));
        assertEquals(name, saved.getVariant());
        assertEquals(ModelDirectory.readConfig(from).getResize(), saved.getResize());
        assertArrayEquals(ModelDirectory.readConfig(from).getInputShape(), saved.getInputShape());
    }

    @Test
    @Tag("slow")
    void aResumedFineTuningRunEqualsAnUninterruptedOneAndKeepsItsSettings() throws Exception {
        Path straight = temp.resolve("straight");
        Path interrupted = temp.resolve("interrupted");
        TrainingOptions.Builder recipe = options(SEED, 3, 0.02f).optFreeze("conv1", "conv2")
                .optLearningRateMultiplier("fc8", 10f).optPcaSigma(0.1f);
        List<EpochMetrics> full = ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1])
                .setOutput(straight).optOptions(recipe.build()).build().fit();
        ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(interrupted)
                .optOptions(recipe.optEpochs(2).build()).build().fit();

        JsonObject state = JsonParser.parseString(Files.readString(
                interrupted.resolve("checkpoints/epoch-0002").resolve(ClassifierTrainer.TRAINING_STATE)))
                .getAsJsonObject().getAsJsonObject("fineTuning");
        assertEquals(source.toAbsolutePath().normalize().toString(), state.get("from").getAsString());
        assertEquals("[\"conv1\",\"conv2\"]", state.get("frozen").toString());
        assertEquals("{\"fc8\":10.0}", state.get("learningRateMultipliers").toString());

        // Resumed with the options of a run from scratch: the checkpoint's settings hold.
        List<EpochMetrics> resumed = ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1])
                .setOutput(interrupted).optOptions(options(SEED, 3, 0.02f).optPcaSigma(0.1f).build()).optResume(true)
                .build().fit();
        assertEquals(3, resumed.size());
        assertEquals(full.get(2).trainLoss(), resumed.get(2).trainLoss(), 1e-6);
        assertEquals(full.get(2).valLoss(), resumed.get(2).valLoss(), 1e-6);
        Map<String, float[]> a = parameters(straight.resolve("checkpoints/epoch-0003"));
        Map<String, float[]> b = parameters(interrupted.resolve("checkpoints/epoch-0003"));
        for (String path : a.keySet()) {
            assertArrayEquals(a.get(path), b.get(path), 1e-6f, path);
        }
        Map<String, float[]> before = parameters(source);
        assertArrayEquals(before.get("conv2.bn.runningVar"), b.get("conv2.bn.runningVar"), "still frozen");

        IOException other = assertThrows(IOException.class, () -> ClassifierTrainer.builder().optStartFrom(source)
                .setData(pairs[0], pairs[1]).setOutput(interrupted).optResume(true)
                .optOptions(options(SEED, 4, 0.02f).optFreeze("features").build()).build().fit());
        assertEquals("the checkpoint " + interrupted.resolve("checkpoints/epoch-0003") + " was trained with frozen"
                + " conv1, conv2; learning-rate multipliers fc8=10.0, the options ask for frozen conv1, conv2, conv3,"
                + " conv4, conv5: resume with the checkpoint's settings, or start a new run from its model",
                other.getMessage());
    }

    @Test
    void aCheckpointWhoseSettingsAreNotValidIsDamagedAndAnOlderOneResumes() throws Exception {
        Path out = temp.resolve("damaged-settings");
        TrainingOptions.Builder recipe = options(SEED, 2, 0.02f).optFreeze("conv1");
        ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(out)
                .optOptions(recipe.build()).build().fit();
        Path state = out.resolve("checkpoints/epoch-0002").resolve(ClassifierTrainer.TRAINING_STATE);
        Files.writeString(state, Files.readString(state).replace("\"conv1\"", "\"conv9\""));
        List<String> skipped = new ArrayList<>();
        List<EpochMetrics> resumed = ClassifierTrainer.builder().optStartFrom(source).setData(pairs[0], pairs[1])
                .setOutput(out).optOptions(recipe.build()).optResume(true)
                .addListener(new TrainingProgress() {
                    @Override
                    public void onCheckpointSkipped(Path checkpoint, String reason) {
                        skipped.add(reason);
                    }
                })
                .build().fit();
        assertEquals(List.of(state + " is not valid: fineTuning: unknown stage 'conv9': expected a stage (conv1 to"
                + " conv5, fc6 to fc8), a range such as conv1..conv5, or features"), skipped);
        assertEquals(2, resumed.size(), "epoch 2 trained again from epoch 1's checkpoint");
    }

    @Test
    void aModelThatDoesNotFitIsRefusedNamingWhatDiffers() throws Exception {
        Path notAModel = temp.resolve("not-a-model");
        Files.createDirectories(notAModel);
        Path out = temp.resolve("refused");
        IOException missing = assertThrows(IOException.class, () -> ClassifierTrainer.builder().optStartFrom(notAModel)
                .setData(pairs[0], pairs[1]).setOutput(out).optOptions(options(SEED, 1, 0.02f).build()).build().fit());
        assertTrue(missing.getMessage().startsWith("not a model directory: " + notAModel + " has no config.json"),
                missing.getMessage());
        assertFalse(Files.exists(out), "nothing is created");

        ModelConfig paper = ModelConfig.builder().optVariant("paper").optInputShape(3, 67, 67).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        IOException variant = assertThrows(IOException.class, () -> ClassifierTrainer.builder().setConfig(paper)
                .optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(temp.resolve("other-variant"))
                .optOptions(options(SEED, 1, 0.02f).build()).build().fit());
        assertEquals("the model in " + source + " is the seed AlexNet, the network to train the paper one",
                variant.getMessage());

        // conv5 pools to 1 x 1 x 8 at 64 x 64 and to 2 x 2 x 8 at 96 x 96: fc6 takes 8 or 32 inputs.
        ModelConfig larger = config(3).toBuilder().optInputShape(3, 96, 96).optResize(110).build();
        IOException shape = assertThrows(IOException.class, () -> ClassifierTrainer.builder().setConfig(larger)
                .optStartFrom(source).setData(pairs[0], pairs[1]).setOutput(temp.resolve("other-size"))
                .optOptions(options(SEED, 1, 0.02f).build()).build().fit());
        assertEquals(source + ": parameter fc6.dense.weight has shape (16, 8), the network to train needs (16, 32)"
                + " (a model directory's weights fit its own input size and layer sizes)", shape.getMessage());
    }
}
