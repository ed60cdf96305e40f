package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-layer profile lists every leaf layer with its shape and FLOPs. */
class LayerProfileTest {

    @Test
    void profilesEveryLeafLayerInOrder() {
        AlexNetBlock block =
                AlexNetBlock.builder()
                        .optInputShape(3, 64, 64)
                        .optFilters(8, 16, 24, 24, 16)
                        .optDenseUnits(32, 32)
                        .optNumClasses(10)
                        .build();
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(2).build()
                .newModel("tiny", block, block.getInputShape(1))) {
            List<LayerProfile.Layer> layers = LayerProfile.measure(block.getSpec(), block, model.getNDManager(), 2, 2);

            // conv, bn, relu, pool for conv1 and conv2; conv, relu for conv3 and conv4; conv, relu, pool for
            // conv5; flatten, dense, relu, dropout; dense, relu, dropout; dense; softmax
            assertEquals(4 + 4 + 2 + 2 + 3 + 4 + 3 + 1 + 1, layers.size());
            assertEquals("conv1.conv", layers.get(0).path());
            assertEquals("conv1.bn", layers.get(1).path());
            assertEquals("output", layers.get(layers.size() - 1).path());
            assertEquals("(2, 10)", layers.get(layers.size() - 1).outputShape());
            assertEquals(
                    FlopCounter.forwardFlops(block.getSpec(), 2),
                    layers.stream().mapToLong(LayerProfile.Layer::flops).sum());
            assertEquals(0, layers.get(1).flops()); // BatchNorm is not counted
            for (LayerProfile.Layer layer : layers) {
                assertTrue(layer.medianMillis() > 0, layer.toString());
            }
        }
    }

    @Test
    void profilesARewrittenNetworkByItsLeavesPaths() {
        AlexNetBlock block = AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16).optNumClasses(3).build();
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(2).build()
                .newModel("tiny", block, block.getInputShape(1))) {
            Block folded = InferenceOptimizer.optimize(block, model.getNDManager());
            List<LayerProfile.Layer> layers = LayerProfile.measure(block.getSpec(), folded, model.getNDManager(), 3, 1);
            // BatchNorm is folded into conv1 and conv2
            assertEquals(List.of("conv1.conv", "conv1.relu", "conv1.pool"),
                    layers.subList(0, 3).stream().map(LayerProfile.Layer::path).toList());
            assertEquals("(3, 4, 16, 16)", layers.get(0).outputShape());
            assertEquals(FlopCounter.forwardFlops(block.getSpec(), 3),
                    layers.stream().mapToLong(LayerProfile.Layer::flops).sum());
            AlexNetBlock other = AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(4, 8, 8, 8, 8)
                    .optDenseUnits(16, 16).optNumClasses(3).optBatchNorm(false).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LayerProfile.measure(other.getSpec(), block, model.getNDManager(), 1, 1));
            assertEquals("the network's layer conv1.bn is not in its spec", e.getMessage());
        }
    }

    @Test
    void needsABatchToTime() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        assertThrows(IllegalArgumentException.class,
                () -> LayerProfile.measure(block.getSpec(), block, null, 1, 0));
    }
}
