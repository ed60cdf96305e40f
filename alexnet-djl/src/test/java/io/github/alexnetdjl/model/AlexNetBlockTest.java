package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The notebook's network: shapes and parameter counts as its Keras summary gives them. */
class AlexNetBlockTest {

    private static Model model;
    private static AlexNetBlock block;

    @BeforeAll
    static void build() {
        block = AlexNetBlock.builder().build();
        model = ModelFactory.builder().optSeed(7).build().newModel("alexnet", block, block.getInputShape(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Parameters of one layer (conv or dense with its bias, or a BatchNorm), counted from their shapes. */
    private static long count(Block layer) {
        long total = 0;
        for (Pair<String, Parameter> p : layer.getParameters()) {
            total += p.getValue().getArray().getShape().size();
        }
        return total;
    }

    private static Block layer(String stage, String name) {
        return ((NamedSequentialBlock) block.get(stage)).get(name);
    }

    @Test
    void parameterCountsPerLayerEqualTheKerasSummary() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("conv1/conv", 34_944L);
        expected.put("conv1/bn", 384L);
        expected.put("conv2/conv", 614_656L);
        expected.put("conv2/bn", 1_024L);
        expected.put("conv3/conv", 885_120L);
        expected.put("conv4/conv", 1_327_488L);
        expected.put("conv5/conv", 884_992L);
        expected.put("fc6/dense", 37_752_832L);
        expected.put("fc7/dense", 16_781_312L);
        expected.put("fc8/dense", 4_097_000L);
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String[] path = e.getKey().split("/");
            assertEquals(e.getValue(), count(layer(path[0], path[1])), e.getKey());
        }
        assertEquals(62_379_752L, count(block));
        long nonTrainable = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                nonTrainable += p.getValue().getArray().getShape().size();
            }
        }
        assertEquals(704L, nonTrainable);
    }

    @Test
    void outputShapesPerStageEqualTheKerasSummaryInNchw() {
        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("conv1", new Shape(2, 96, 27, 27));
        expected.put("conv2", new Shape(2, 256, 13, 13));
        expected.put("conv3", new Shape(2, 384, 13, 13));
        expected.put("conv4", new Shape(2, 384, 13, 13));
        expected.put("conv5", new Shape(2, 256, 6, 6));
        expected.put("fc6", new Shape(2, 4096));
        expected.put("fc7", new Shape(2, 4096));
        expected.put("fc8", new Shape(2, 1000));
        Shape shape = new Shape(2, 3, 224, 224);
        assertEquals(new Shape(2, 96, 56, 56), layer("conv1", "conv").getOutputShapes(new Shape[] {shape})[0]);
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            shape = block.get(e.getKey()).getOutputShapes(new Shape[] {shape})[0];
            assertEquals(e.getValue(), shape, e.getKey());
        }
    }

    @Test
    void parametersHaveReadableStablePaths() {
        List<String> names = block.getParameters().keys();
        assertEquals("conv1.conv.weight", names.get(0));
        assertEquals("conv1.conv.bias", names.get(1));
        assertTrue(names.contains("conv1.bn.gamma"));
        assertTrue(names.contains("conv2.bn.runningVar"));
        assertEquals("fc8.dense.bias", names.get(names.size() - 1));
        assertEquals(24, names.size()); // 5 convs and 3 dense layers with biases, 2 BatchNorms of 4
    }

    @Test
    void forwardPassGivesProbabilityRowsOnARealBatch() {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 224, 224));
            NDArray out =
                    block.forward(new ParameterStore(manager, false), new NDList(images), false)
                            .singletonOrThrow();
            assertEquals(new Shape(2, 1000), out.getShape());
            float[] sums = out.sum(new int[] {1}).toFloatArray();
            assertEquals(1f, sums[0], 1e-5f);
            assertEquals(1f, sums[1], 1e-5f);
            assertTrue(out.min().getFloat() >= 0f);
            NDArray logits =
                    block.logits()
                            .forward(new ParameterStore(manager, false), new NDList(images), false)
                            .singletonOrThrow();
            NDArray expected = logits.softmax(1);
            assertTrue(expected.sub(out).abs().max().getFloat() < 1e-6f);
            assertTrue(logits.sum(new int[] {1}).sub(1f).abs().max().getFloat() > 1e-3f);
        }
    }

    @Test
    void logitsViewSharesTheParameters() {
        Block logits = block.logits();
        assertEquals(block.getParameters().size() , logits.getParameters().size());
        assertSame(block.getParameters().get("fc8.dense.weight"), logits.getParameters().get("fc8.dense.weight"));
        AlexNetBlock alreadyLogits = AlexNetBlock.builder().optOutput(AlexNetBlock.Output.LOGITS).build();
        assertSame(alreadyLogits, alreadyLogits.logits());
    }

    @Test
    void glorotUniformBoundsHoldForConv1AndFc6() {
        // glorot_uniform limit sqrt(6 / (fan_in + fan_out)); conv fans count the kernel area
        double conv1Limit = Math.sqrt(6.0 / (3 * 121 + 96 * 121));
        NDArray w = block.getParameters().get("conv1.conv.weight").getArray();
        assertTrue(w.abs().max().getFloat() <= conv1Limit * (1 + 1e-6)); // float32 rounding of the limit
        assertTrue(w.abs().max().getFloat() > 0.95 * conv1Limit);
        double fc6Limit = Math.sqrt(6.0 / (9216 + 4096));
        NDArray d = block.getParameters().get("fc6.dense.weight").getArray();
        assertTrue(d.abs().max().getFloat() <= fc6Limit * (1 + 1e-6));
        assertTrue(d.abs().max().getFloat() > 0.95 * fc6Limit);
        assertEquals(0f, block.getParameters().get("fc6.dense.bias").getArray().abs().max().getFloat());
        assertEquals(1f, block.getParameters().get("conv1.bn.gamma").getArray().min().getFloat());
        assertEquals(1f, block.getParameters().get("conv1.bn.runningVar").getArray().min().getFloat());
    }

    @Test
    void invalidConfigurationsFailInBuildNamingWhatIsWrong() {
        IllegalArgumentException small =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AlexNetBlock.builder().optInputShape(3, 32, 32).build());
        assertTrue(small.getMessage().contains("conv5"), small.getMessage());
        assertTrue(small.getMessage().contains("(1, 256, 0, 0)"), small.getMessage());
        IllegalArgumentException dropout =
                assertThrows(IllegalArgumentException.class, () -> AlexNetBlock.builder().optDropout(1f).build());
        assertTrue(dropout.getMessage().contains("dropout"));
        IllegalArgumentException filters =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AlexNetBlock.builder().optFilters(96, 0, 384, 384, 256).build());
        assertTrue(filters.getMessage().contains("filters"));
        assertThrows(IllegalArgumentException.class, () -> AlexNetBlock.builder().optFilters(1, 2).build());
        assertThrows(IllegalArgumentException.class, () -> AlexNetBlock.builder().optNumClasses(-1).build());
    }
}
