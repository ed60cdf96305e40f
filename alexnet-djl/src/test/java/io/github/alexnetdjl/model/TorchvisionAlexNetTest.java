package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** torchvision's AlexNet: layers, shapes, its parameter count, state_dict keys and PyTorch's initialization. */
class TorchvisionAlexNetTest {

    private static Model model;
    private static AlexNetBlock block;

    @BeforeAll
    static void build() {
        block = AlexNetBlock.builder().optVariant(Variant.TORCHVISION).build();
        model = ModelFactory.builder().optSeed(5).build().newModel("torchvision", block, block.getInputShape(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void parameterCountsPerLayerAreTorchvisions() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("conv1/conv", 64L * 3 * 11 * 11 + 64); // 23,296
        expected.put("conv2/conv", 192L * 64 * 5 * 5 + 192); // 307,392
        expected.put("conv3/conv", 384L * 192 * 3 * 3 + 384); // 663,936
        expected.put("conv4/conv", 256L * 384 * 3 * 3 + 256); // 884,992
        expected.put("conv5/conv", 256L * 256 * 3 * 3 + 256); // 590,080
        expected.put("fc6/dense", 9216L * 4096 + 4096);
        expected.put("fc7/dense", 4096L * 4096 + 4096);
        expected.put("fc8/dense", 4096L * 1000 + 1000);
        Map<String, Long> counts = BlockWalk.layerCounts(block);
        assertEquals(expected, counts);
        assertEquals(61_100_840L, BlockWalk.total(counts));
    }

    @Test
    void everyParameterHasItsTorchvisionKeyAndShape() {
        // torchvision.models.alexnet().state_dict(): key -> shape
        Map<String, Shape> stateDict = new LinkedHashMap<>();
        stateDict.put("features.0.weight", new Shape(64, 3, 11, 11));
        stateDict.put("features.0.bias", new Shape(64));
        stateDict.put("features.3.weight", new Shape(192, 64, 5, 5));
        stateDict.put("features.3.bias", new Shape(192));
        stateDict.put("features.6.weight", new Shape(384, 192, 3, 3));
        stateDict.put("features.6.bias", new Shape(384));
        stateDict.put("features.8.weight", new Shape(256, 384, 3, 3));
        stateDict.put("features.8.bias", new Shape(256));
        stateDict.put("features.10.weight", new Shape(256, 256, 3, 3));
        stateDict.put("features.10.bias", new Shape(256));
        stateDict.put("classifier.1.weight", new Shape(4096, 9216));
        stateDict.put("classifier.1.bias", new Shape(4096));
        stateDict.put("classifier.4.weight", new Shape(4096, 4096));
        stateDict.put("classifier.4.bias", new Shape(4096));
        stateDict.put("classifier.6.weight", new Shape(1000, 4096));
        stateDict.put("classifier.6.bias", new Shape(1000));
        Map<String, Shape> ours = new LinkedHashMap<>();
        for (String path : block.getParameters().keys()) {
            ours.put(TorchvisionKeys.toTorchvision(path), BlockWalk.parameter(block, path).getShape());
        }
        assertEquals(List.copyOf(stateDict.keySet()), List.copyOf(ours.keySet()));
        assertEquals(stateDict, ours);
        assertEquals(List.copyOf(TorchvisionKeys.all().keySet()), block.getParameters().keys());
    }

    @Test
    void layerOutputShapesAt224() {
        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("conv1/conv", new Shape(1, 64, 55, 55));
        expected.put("conv1/relu", new Shape(1, 64, 55, 55));
        expected.put("conv1/pool", new Shape(1, 64, 27, 27));
        expected.put("conv2/conv", new Shape(1, 192, 27, 27));
        expected.put("conv2/relu", new Shape(1, 192, 27, 27));
        expected.put("conv2/pool", new Shape(1, 192, 13, 13));
        expected.put("conv3/conv", new Shape(1, 384, 13, 13));
        expected.put("conv3/relu", new Shape(1, 384, 13, 13));
        expected.put("conv4/conv", new Shape(1, 256, 13, 13));
        expected.put("conv4/relu", new Shape(1, 256, 13, 13));
        expected.put("conv5/conv", new Shape(1, 256, 13, 13));
        expected.put("conv5/relu", new Shape(1, 256, 13, 13));
        expected.put("conv5/pool", new Shape(1, 256, 6, 6));
        expected.put("conv5/avgpool", new Shape(1, 256, 6, 6));
        expected.put("fc6/flatten", new Shape(1, 9216));
        expected.put("fc6/dropout", new Shape(1, 9216));
        expected.put("fc6/dense", new Shape(1, 4096));
        expected.put("fc6/relu", new Shape(1, 4096));
        expected.put("fc7/dropout", new Shape(1, 4096));
        expected.put("fc7/dense", new Shape(1, 4096));
        expected.put("fc7/relu", new Shape(1, 4096));
        expected.put("fc8/dense", new Shape(1, 1000));
        assertEquals(new Shape(3, 224, 224), block.getInputShape());
        assertEquals(expected, BlockWalk.layerShapes(block, block.getInputShape(1)));
    }

    @Test
    void forwardPassesAt224AndAt63GiveTheirPredictedShapes() {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            for (int side : new int[] {224, 63}) {
                Shape input = new Shape(1, 3, side, side);
                Map<String, Shape> predicted = BlockWalk.layerShapes(block, input);
                Map<String, Shape> actual = new LinkedHashMap<>();
                NDArray logits =
                        BlockWalk.forwardStages(block, manager, manager.randomUniform(0f, 1f, input), actual);
                assertEquals(predicted.get("conv5/pool"), new Shape(1, 256, side == 63 ? 1 : 6, side == 63 ? 1 : 6));
                assertEquals(new Shape(1, 256, 6, 6), actual.get("conv5"));
                assertEquals(predicted.get("fc8/dense"), actual.get("fc8"));
                NDArray out = block.get(AlexNetBlock.OUTPUT)
                        .forward(new ParameterStore(manager, false), new NDList(logits), false).singletonOrThrow();
                assertEquals(1f, out.sum().getFloat(), 1e-5f);
            }
        }
    }

    @Test
    void takesInputsDownTo63AndNamesTheFailingLayerBelow() {
        AlexNetBlock small = AlexNetBlock.builder().optVariant(Variant.TORCHVISION).optInputShape(3, 63, 63).build();
        assertEquals(new Shape(3, 63, 63), small.getInputShape());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optVariant(Variant.TORCHVISION).optInputShape(3, 62, 62).build());
        assertTrue(tooSmall.getMessage().contains("conv5 (pool)"), tooSmall.getMessage());
        assertTrue(tooSmall.getMessage().contains("(3, 62, 62)"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlexNetBlock.builder().optVariant(Variant.TORCHVISION)
                .optLrnScaling(LocalResponseNormalization.Scaling.AVERAGE).build());
        assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optVariant(Variant.TORCHVISION).optStrides(4, 1, 1, 1, 1).build());
    }

    @Test
    void initializationIsPytorchsDefault() {
        // kaiming_uniform(a=sqrt(5)) and the bias both give U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        Map<String, Integer> fanIn = new LinkedHashMap<>();
        fanIn.put("conv1.conv", 3 * 11 * 11);
        fanIn.put("conv2.conv", 64 * 5 * 5);
        fanIn.put("conv5.conv", 256 * 3 * 3);
        fanIn.put("fc6.dense", 9216);
        fanIn.put("fc8.dense", 4096);
        for (Map.Entry<String, Integer> e : fanIn.entrySet()) {
            double bound = 1 / Math.sqrt(e.getValue());
            // fc6's 37.7M weights would only slow the test; its bias checks the fan_in the adaptive pool fixes
            String[] kinds =
                    e.getKey().equals("fc6.dense") ? new String[] {".bias"} : new String[] {".weight", ".bias"};
            for (String kind : kinds) {
                NDArray p = BlockWalk.parameter(block, e.getKey() + kind);
                float max = p.abs().max().getFloat();
                assertTrue(max <= bound * (1 + 1e-6), e.getKey() + kind + " max " + max + " > " + bound);
                assertTrue(max > 0.9 * bound, e.getKey() + kind + " max " + max + " << " + bound);
                // U(-b, b) has standard deviation b / sqrt(3)
                if (kind.equals(".weight")) {
                    assertEquals(bound / Math.sqrt(3), BlockWalk.std(p), 0.03 * bound, e.getKey());
                }
            }
        }
    }
}
