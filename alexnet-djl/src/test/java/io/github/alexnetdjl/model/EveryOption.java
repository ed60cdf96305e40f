package io.github.alexnetdjl.model;

import io.github.alexnetdjl.nn.LocalResponseNormalization.Scaling;
import java.util.List;

/** Test fixture: tiny networks that between them set every builder option of every variant. */
public final class EveryOption {

    private EveryOption() {}

    /**
     * Returns new builders, one per network.
     *
     * @return the builders, ready to build
     */
    public static List<AlexNetBlock.Builder> builders() {
        return List.of(
                AlexNetBlock.builder().optInputShape(1, 40, 44).optFilters(4, 6, 8, 6, 4).optKernelSizes(5, 3, 3, 1, 3)
                        .optStrides(2, 1, 2, 1, 1).optPool(2, 2).optDenseUnits(16, 12).optNumClasses(3)
                        .optDropout(0.25f).optBatchNormParameters(1e-1f, 0.5f),
                AlexNetBlock.builder().optInputShape(3, 64, 72).optFilters(4, 8, 8, 8, 8).optBatchNorm(false)
                        .optDenseUnits(16, 16).optNumClasses(3).optOutput(AlexNetBlock.Output.LOGITS),
                // α large enough that the LRN's scaling shows in the outputs
                AlexNetBlock.builder().optVariant(Variant.PAPER).optInputShape(2, 67, 75).optFilters(4, 8, 6, 8, 4)
                        .optDenseUnits(16, 12).optNumClasses(5).optDropout(0.1f).optLrnScaling(Scaling.AVERAGE)
                        .optLrnParameters(3, 1f, 2f, 0.5f),
                AlexNetBlock.builder().optVariant(Variant.TORCHVISION).optInputShape(3, 63, 90)
                        .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 12).optNumClasses(3).optDropout(0f));
    }
}
