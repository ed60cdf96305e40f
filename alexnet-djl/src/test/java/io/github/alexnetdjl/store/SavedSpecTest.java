package io.github.alexnetdjl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.EveryOption;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model directory holds the network its block is: every option survives saving and loading, save refuses a
 * config that describes another network, and config.json files written before the spec was stored whole still
 * load as the network they described.
 */
class SavedSpecTest {

    @TempDir Path temp;

    private static final List<String> CLASSES = List.of("a", "b", "c");

    private IllegalArgumentException refusedSave(AlexNetBlock block, ModelConfig config) {
        Path dir = temp.resolve("model");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelDirectory.save(dir, block, config, CLASSES));
            assertFalse(Files.exists(dir), "nothing written");
            return e;
        }
    }

    @Test
    void aPaperBlockWithAverageLrnScalingIsNotSavedAsThePapersLrn() {
        AlexNetBlock block = AlexNetBlock.builder().optVariant(Variant.PAPER).optInputShape(3, 67, 67)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).optNumClasses(3)
                .optLrnScaling(LocalResponseNormalization.Scaling.AVERAGE).build();
        ModelConfig config = ModelConfig.builder().optVariant("paper").optInputShape(3, 67, 67)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).optNumClasses(3).build();
        assertEquals("the block does not match the config: lrn.scaling is AVERAGE in the block, PAPER in the config",
                refusedSave(block, config).getMessage());
    }

    @Test
    void aSeedBlockWithItsOwnBatchNormParametersIsNotSavedAsKerassDefaults() {
        AlexNetBlock block = AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16).optNumClasses(3).optBatchNormParameters(1e-5f, 0.9f).build();
        ModelConfig config = ModelDirectoryTest.tinyConfig();
        assertEquals("the block does not match the config: batchNorm.epsilon is 1.0E-5 in the block, 0.001 in the"
                + " config", refusedSave(block, config).getMessage());
    }

    private static float[] forward(AlexNetBlock block, NDArray input) {
        ParameterStore store = new ParameterStore(input.getManager(), false);
        return block.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
    }

    private static List<String> classes(int count) {
        return IntStream.range(0, count).mapToObj(i -> "class" + i).toList();
    }

    @Test
    void everyOptionOfEveryVariantSurvivesSaveAndLoad() throws Exception {
        int seed = 0;
        for (AlexNetBlock.Builder builder : EveryOption.builders()) {
            AlexNetBlock block = builder.optOutput(AlexNetBlock.Output.SOFTMAX).build();
            float[] std = new float[block.getSpec().channels()];
            Arrays.fill(std, 0.5f);
            ModelConfig config = ModelConfig.builder().optSpec(block.getSpec())
                    .optNormalization(new float[std.length], std).build();
            assertEquals(block.getSpec(), ModelConfig.fromJson(config.toJson()).getSpec());
            Path dir = temp.resolve("model" + seed);
            try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(++seed).build()
                            .newModel("alexnet", block, block.getInputShape(1));
                    NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                RandomBatchNorms.randomize(block, new Random(seed));
                NDArray input = manager.randomUniform(0f, 1f, block.getInputShape(2));
                float[] expected = forward(block, input);
                ModelDirectory.save(dir, block, config, classes(block.getNumClasses()));
                try (ModelDirectory loaded = ModelDirectory.load(dir, Device.cpu())) {
                    assertEquals(block.getSpec(), loaded.getBlock().getSpec());
                    assertEquals(block.getSpec(), loaded.getConfig().getSpec());
                    assertArrayEquals(expected, forward(loaded.getBlock(), input), 0f, block.getSpec().toString());
                }
            }
        }
    }

    /** config.json as versions that stored only the sizes a builder was given wrote it. */
    private static final String OLD_SEED_CONFIG = """
            {
              "variant": "seed",
              "inputShape": [
                3,
                64,
                64
              ],
              "numClasses": 3,
              "filters": [
                4,
                8,
                8,
                8,
                8
              ],
              "denseUnits": [
                16,
                16
              ],
              "batchNorm": false,
              "resize": 73,
              "mean": [
                0.485,
                0.456,
                0.406
              ],
              "std": [
                0.229,
                0.224,
                0.225
              ]
            }
            """;

    @Test
    void anOldConfigLoadsWithTheVariantsValuesForWhatItLeavesOut() {
        AlexNetSpec expected = AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16).optNumClasses(3).optBatchNorm(false).build().getSpec();
        ModelConfig seed = ModelConfig.fromJson(OLD_SEED_CONFIG);
        assertEquals(expected, seed.getSpec());
        assertEquals(73, seed.getResize());
        assertTrue(seed.toJson().contains("\"kernels\""), seed.toJson());
        ModelConfig paper = ModelConfig.fromJson(
                "{\"variant\": \"paper\", \"inputShape\": [3, 227, 227], \"numClasses\": 1000, \"resize\": 259}");
        assertEquals(AlexNetSpec.defaults(Variant.PAPER), paper.getSpec());
    }

    @Test
    void aModelDirectoryWithAnOldConfigLoadsWithTheSameOutputs() throws Exception {
        AlexNetBlock block = ModelConfig.fromJson(OLD_SEED_CONFIG).newBlock();
        Path dir = temp.resolve("model");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(4).build()
                        .newModel("alexnet", block, block.getInputShape(1));
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray input = manager.randomUniform(0f, 1f, block.getInputShape(2));
            ModelDirectory.save(dir, block, ModelConfig.fromJson(OLD_SEED_CONFIG), CLASSES);
            Files.writeString(dir.resolve(ModelDirectory.CONFIG_FILE), OLD_SEED_CONFIG, StandardCharsets.UTF_8);
            try (ModelDirectory loaded = ModelDirectory.load(dir, Device.cpu())) {
                assertEquals(block.getSpec(), loaded.getBlock().getSpec());
                assertArrayEquals(forward(block, input), forward(loaded.getBlock(), input), 0f);
            }
        }
    }
}
