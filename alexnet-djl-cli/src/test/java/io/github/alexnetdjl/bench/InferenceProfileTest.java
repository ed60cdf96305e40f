package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The network profiled as the benchmark runs it: the levers decide which layers there are. */
class InferenceProfileTest {

    private static AlexNetBlock tiny() {
        return AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(8, 16, 24, 24, 16).optDenseUnits(32, 32)
                .optNumClasses(10).build();
    }

    private static Map<String, String> typesByPath(InferenceLevers levers) {
        List<LayerProfile.Layer> layers = InferenceProfile.builder()
                .setNetwork("tiny", tiny())
                .optModelFactory(ModelFactory.builder().optDevice(Device.cpu()).optSeed(2).build())
                .optLevers(levers)
                .optBatchSize(2)
                .optBatches(1)
                .build()
                .measure();
        assertTrue(layers.stream().allMatch(layer -> layer.outputShape().startsWith("(2, ")), layers.toString());
        return layers.stream().collect(Collectors.toMap(LayerProfile.Layer::path, LayerProfile.Layer::type,
                (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void theLeversDecideTheLayersAndGradModeIsRestored() {
        Map<String, String> plain = typesByPath(new InferenceLevers(false, false, false, true));
        assertFalse(LibTorch.isGradMode(), "grad mode restored after a profile with autograd on");
        assertEquals("BatchNorm", plain.get("conv1.bn"));
        assertEquals("Linear", plain.get("fc6.dense"));

        Map<String, String> optimized = typesByPath(InferenceLevers.DEFAULTS);
        assertFalse(optimized.containsKey("conv1.bn"), "BatchNorm folded into conv1: " + optimized);
        assertEquals("WeightMajorLinear", optimized.get("fc6.dense"));
        assertEquals(plain.size() - 2, optimized.size(), "the two BatchNorms are gone, nothing else");
    }

    @Test
    void refusesAnEmptyBatchOrNoNetwork() {
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> InferenceProfile.builder().setNetwork("tiny", tiny()).optBatchSize(0).build());
        assertEquals("batch size must be positive, got 0", batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InferenceProfile.builder().build());
    }
}
