package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 2012 paper's AlexNet: layers, shapes, Caffe's parameter count and the paper's initialization. */
class PaperAlexNetTest {

    private static Model model;
    private static AlexNetBlock block;

    @BeforeAll
    static void build() {
        block = AlexNetBlock.builder().optVariant(Variant.PAPER).build();
        model = ModelFactory.builder().optSeed(3).build().newModel("paper", block, block.getInputShape(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void parameterCountsPerLayerAreCaffesBvlcAlexnet() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("conv1/conv", 96L * 3 * 11 * 11 + 96); // 34,944
        expected.put("conv2/conv", 256L * 48 * 5 * 5 + 256); // 307,456: each half sees 48 of 96 channels
        expected.put("conv3/conv", 384L * 256 * 3 * 3 + 384); // 885,120
        expected.put("conv4/conv", 384L * 192 * 3 * 3 + 384); // 663,936
        expected.put("conv5/conv", 256L * 192 * 3 * 3 + 256); // 442,624
        expected.put("fc6/dense", 9216L * 4096 + 4096);
        expected.put("fc7/dense", 4096L * 4096 + 4096);
        expected.put("fc8/dense", 4096L * 1000 + 1000);
        Map<String, Long> counts = BlockWalk.layerCounts(block);
        assertEquals(expected, counts);
        assertEquals(60_965_224L, BlockWalk.total(counts));
        assertEquals(new Shape(256, 48, 5, 5), BlockWalk.parameter(block, "conv2.conv.weight").getShape());
        assertEquals(16, block.getParameters().size());
    }

    @Test
    void layerOutputShapesFollowThePaperAt227() {
        Shape conv13 = new Shape(2, 384, 13, 13);
        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("conv1/conv", new Shape(2, 96, 55, 55));
        expected.put("conv1/relu", new Shape(2, 96, 55, 55));
        expected.put("conv1/lrn", new Shape(2, 96, 55, 55));
        expected.put("conv1/pool", new Shape(2, 96, 27, 27));
        expected.put("conv2/conv", new Shape(2, 256, 27, 27));
        expected.put("conv2/relu", new Shape(2, 256, 27, 27));
        expected.put("conv2/lrn", new Shape(2, 256, 27, 27));
        expected.put("conv2/pool", new Shape(2, 256, 13, 13));
        expected.put("conv3/conv", conv13);
        expected.put("conv3/relu", conv13);
        expected.put("conv4/conv", conv13);
        expected.put("conv4/relu", conv13);
        expected.put("conv5/conv", new Shape(2, 256, 13, 13));
        expected.put("conv5/relu", new Shape(2, 256, 13, 13));
        expected.put("conv5/pool", new Shape(2, 256, 6, 6));
        expected.put("fc6/flatten", new Shape(2, 9216));
        expected.put("fc6/dense", new Shape(2, 4096));
        expected.put("fc6/relu", new Shape(2, 4096));
        expected.put("fc6/dropout", new Shape(2, 4096));
        expected.put("fc7/dense", new Shape(2, 4096));
        expected.put("fc7/relu", new Shape(2, 4096));
        expected.put("fc7/dropout", new Shape(2, 4096));
        expected.put("fc8/dense", new Shape(2, 1000));
        assertEquals(new Shape(3, 227, 227), block.getInputShape());
        assertEquals(expected, BlockWalk.layerShapes(block, block.getInputShape(2)));
    }

    @Test
    void forwardPassOnABatchOfTwoGivesThePredictedShapesAndProbabilities() {
        Map<String, Shape> predicted = BlockWalk.layerShapes(block, block.getInputShape(2));
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray images = manager.randomUniform(0f, 1f, block.getInputShape(2));
            Map<String, Shape> actual = new LinkedHashMap<>();
            NDArray logits = BlockWalk.forwardStages(block, manager, images, actual);
            assertEquals(predicted.get("conv1/pool"), actual.get("conv1"));
            assertEquals(predicted.get("conv2/pool"), actual.get("conv2"));
            assertEquals(predicted.get("conv5/pool"), actual.get("conv5"));
            assertEquals(predicted.get("fc8/dense"), actual.get("fc8"));
            NDArray out = block.get(AlexNetBlock.OUTPUT)
                    .forward(new ParameterStore(manager, false), new NDList(logits), false).singletonOrThrow();
            float[] sums = out.sum(new int[] {1}).toFloatArray();
            assertEquals(1f, sums[0], 1e-5f);
            assertEquals(1f, sums[1], 1e-5f);
        }
    }

    @Test
    void groupedConvolutionsOnlySeeTheirOwnHalf() {
        Block conv2 = ((NamedSequentialBlock) block.get("conv2")).get("conv");
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.randomUniform(0f, 1f, new Shape(1, 96, 5, 5));
            NDArray changed = input.duplicate();
            changed.set(new NDIndex(":, 48:"), 5f); // only the second GPU's half of the input
            ParameterStore store = new ParameterStore(manager, false);
            NDArray before = conv2.forward(store, new NDList(input), false).singletonOrThrow();
            NDArray after = conv2.forward(store, new NDList(changed), false).singletonOrThrow();
            NDArray diff = after.sub(before).abs();
            assertEquals(0f, diff.get(new NDIndex(":, :128")).max().getFloat());
            assertTrue(diff.get(new NDIndex(":, 128:")).min().getFloat() > 0f);
        }
    }

    @Test
    void initializationIsThePapers() {
        for (String path : new String[] {"conv1.conv.weight", "conv3.conv.weight", "fc7.dense.weight"}) {
            NDArray w = BlockWalk.parameter(block, path);
            assertEquals(0.01, BlockWalk.std(w), 0.0005, path);
            assertEquals(0.0, w.mean().getFloat(), 0.0005, path);
        }
        String[] ones = {"conv2", "conv4", "conv5", "fc6", "fc7"};
        String[] zeros = {"conv1", "conv3", "fc8"};
        for (String stage : ones) {
            NDArray bias = BlockWalk.parameter(block, stage + (stage.startsWith("fc") ? ".dense" : ".conv") + ".bias");
            assertEquals(1f, bias.min().getFloat(), stage);
            assertEquals(1f, bias.max().getFloat(), stage);
        }
        for (String stage : zeros) {
            NDArray bias = BlockWalk.parameter(block, stage + (stage.startsWith("fc") ? ".dense" : ".conv") + ".bias");
            assertEquals(0f, bias.abs().max().getFloat(), stage);
        }
    }

    @Test
    void lrnHasThePapersValuesAndCaffesScalingOnRequest() {
        LocalResponseNormalization lrn =
                (LocalResponseNormalization) ((NamedSequentialBlock) block.get("conv2")).get("lrn");
        assertEquals(5, lrn.getSize());
        assertEquals(2f, lrn.getK());
        assertEquals(1e-4f, lrn.getAlpha());
        assertEquals(0.75f, lrn.getBeta());
        assertEquals(LocalResponseNormalization.Scaling.PAPER, lrn.getScaling());
        AlexNetBlock caffe = AlexNetBlock.builder().optVariant(Variant.PAPER)
                .optLrnScaling(LocalResponseNormalization.Scaling.AVERAGE).build();
        LocalResponseNormalization caffeLrn =
                (LocalResponseNormalization) ((NamedSequentialBlock) caffe.get("conv1")).get("lrn");
        assertEquals(LocalResponseNormalization.Scaling.AVERAGE, caffeLrn.getScaling());
    }

    @Test
    void smallestInputIs67AndOptionsOfOtherVariantsAreRejected() {
        assertEquals(new Shape(1, 256, 1, 1),
                BlockWalk.layerShapes(AlexNetBlock.builder().optVariant(Variant.PAPER).optInputShape(3, 67, 67)
                        .build(), new Shape(1, 3, 67, 67)).get("conv5/pool"));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optVariant(Variant.PAPER).optInputShape(3, 66, 66).build());
        assertTrue(small.getMessage().contains("conv5 (pool)"), small.getMessage());
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optBatchNorm(false).optVariant(Variant.PAPER).build());
        assertTrue(bn.getMessage().contains("optBatchNorm") && bn.getMessage().contains("SEED"), bn.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optVariant(Variant.PAPER).optFilters(96, 255, 384, 384, 256).build());
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optLrnScaling(LocalResponseNormalization.Scaling.PAPER).build());
    }
}
