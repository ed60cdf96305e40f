package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.core.Prelu;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.ReLU;
import org.junit.jupiter.api.Test;

/** FLOPs counted from layer shapes, against the textbook formula written out layer by layer. */
class FlopCounterTest {

    /** 2 · output elements · (input channels / groups) · kernel area. */
    private static long conv(long filters, long side, long inChannels, long kernel) {
        return 2 * filters * side * side * inChannels * kernel * kernel;
    }

    @Test
    void seedAt224CostsTheSumOfItsConvolutionsAndDenseLayers() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        long expected =
                conv(96, 56, 3, 11)
                        + conv(256, 27, 96, 5)
                        + conv(384, 13, 256, 3)
                        + conv(384, 13, 384, 3)
                        + conv(256, 13, 384, 3)
                        + 2L * 256 * 6 * 6 * 4096
                        + 2L * 4096 * 4096
                        + 2L * 4096 * 1000;
        long flops = FlopCounter.forwardFlops(block, block.getInputShape(1));
        assertEquals(expected, flops);
        assertTrue(flops > 2.27e9 && flops < 2.29e9, "about 2.28 GFLOP, got " + flops);
    }

    @Test
    void flopsScaleWithTheBatch() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        assertEquals(
                32 * FlopCounter.forwardFlops(block, block.getInputShape(1)),
                FlopCounter.forwardFlops(block, block.getInputShape(32)));
    }

    @Test
    void groupedConvolutionsCountTheirInputChannelsPerGroup() {
        NamedSequentialBlock net =
                new NamedSequentialBlock()
                        .add(
                                "conv",
                                Conv2d.builder()
                                        .setFilters(8)
                                        .setKernelShape(new Shape(3, 3))
                                        .optGroups(2)
                                        .build())
                        .add("relu", new ReLU());
        // valid padding: 10 - 3 + 1 = 8
        assertEquals(conv(8, 8, 4 / 2, 3), FlopCounter.forwardFlops(net, new Shape(1, 4, 10, 10)));
    }

    @Test
    void denseLayerCostsTwoFlopsPerWeight() {
        Linear dense = Linear.builder().setUnits(7).build();
        assertEquals(2L * 3 * 5 * 7, FlopCounter.forwardFlops(dense, new Shape(3, 5)));
    }

    @Test
    void unknownLayersWithParametersAreAnError() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FlopCounter.forwardFlops(new Prelu(), new Shape(1, 4)));
        assertTrue(e.getMessage().contains("Prelu"), e.getMessage());
    }
}
