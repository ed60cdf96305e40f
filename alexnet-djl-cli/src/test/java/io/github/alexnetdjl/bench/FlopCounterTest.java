package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Variant;
import org.junit.jupiter.api.Test;

/** FLOPs counted from the spec's layer shapes, against the textbook formula written out layer by layer. */
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
        long flops = FlopCounter.forwardFlops(block.getSpec(), 1);
        assertEquals(expected, flops);
        assertTrue(flops > 2.27e9 && flops < 2.29e9, "about 2.28 GFLOP, got " + flops);
    }

    @Test
    void flopsScaleWithTheBatch() {
        AlexNetSpec spec = AlexNetSpec.defaults(Variant.SEED);
        assertEquals(32 * FlopCounter.forwardFlops(spec, 1), FlopCounter.forwardFlops(spec, 32));
    }

    @Test
    void groupedConvolutionsCountTheirInputChannelsPerGroup() {
        // the paper's conv2: 256 filters over 96 channels in 2 groups, 27 x 27 outputs
        AlexNetSpec paper = AlexNetSpec.defaults(Variant.PAPER);
        assertEquals(conv(256, 27, 96 / 2, 5), FlopCounter.forwardFlops(paper.layer("conv2.conv").orElseThrow(), 1));
    }

    @Test
    void denseLayerCostsTwoFlopsPerWeight() {
        AlexNetSpec tiny = AlexNetBlock.builder().optInputShape(3, 64, 64).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 5).optNumClasses(7).build().getSpec();
        assertEquals(2L * 3 * 5 * 7, FlopCounter.forwardFlops(tiny.layer("fc8.dense").orElseThrow(), 3));
    }

    @Test
    void elementWiseLayersCostNothing() {
        AlexNetSpec paper = AlexNetSpec.defaults(Variant.PAPER);
        for (String path : new String[] {"conv1.relu", "conv1.lrn", "conv1.pool", "fc6.flatten", "fc6.dropout", "output"}) {
            assertEquals(0, FlopCounter.forwardFlops(paper.layer(path).orElseThrow(), 8), path);
        }
    }
}
