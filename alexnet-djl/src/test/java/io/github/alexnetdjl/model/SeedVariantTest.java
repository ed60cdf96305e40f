package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notebook's network as the default variant, its BatchNorm switch and its smallest input. */
class SeedVariantTest {

    @Test
    void seedIsTheDefaultAndTheBatchNormSwitchDropsOnlyTheBatchNorms() {
        AlexNetBlock seed = AlexNetBlock.builder().build();
        assertEquals(Variant.SEED, seed.getVariant());
        AlexNetBlock explicit = AlexNetBlock.builder().optVariant(Variant.SEED).build();
        assertEquals(
                BlockWalk.layerShapes(seed, seed.getInputShape(1)),
                BlockWalk.layerShapes(explicit, explicit.getInputShape(1)));
        AlexNetBlock noBn = AlexNetBlock.builder().optBatchNorm(false).build();
        assertEquals(List.of("conv", "relu", "pool"), noBn.get("conv1").getChildren().keys());
        assertEquals(List.of("conv", "bn", "relu", "pool"), seed.get("conv1").getChildren().keys());
        assertEquals(24, seed.getParameters().size()); // 16 + 2 BatchNorms of 4
        assertEquals(16, noBn.getParameters().size());
    }

    @Test
    void smallestInputIs57() {
        AlexNetBlock smallest = AlexNetBlock.builder().optInputShape(3, 57, 57).build();
        assertEquals(new Shape(1, 256, 1, 1),
                BlockWalk.layerShapes(smallest, smallest.getInputShape(1)).get("conv5/pool"));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optInputShape(3, 56, 56).build());
        assertTrue(tooSmall.getMessage().contains("conv5 (pool)"), tooSmall.getMessage());
    }
}
