package io.github.alexnetdjl.diagram;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import io.github.alexnetdjl.nn.AdaptiveAvgPool2d;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.Locale;

/** One short line per layer, as a person would label it in a figure. */
final class LayerDescription {

    private LayerDescription() {}

    static String of(Block layer, Shape output) {
        if (layer instanceof Conv2d conv) {
            String groups = conv.getGroups() > 1 ? " g" + conv.getGroups() : "";
            String padding = "";
            if (layer instanceof SameConv2d) {
                padding = " same";
            } else if (conv.getPadding().get(0) > 0) {
                padding = " pad " + conv.getPadding().get(0);
            }
            return String.format(
                    Locale.ROOT,
                    "Conv %d@%dx%d/%d%s%s",
                    conv.getFilters(),
                    conv.getKernelShape().get(0),
                    conv.getKernelShape().get(1),
                    conv.getStride().get(0),
                    padding,
                    groups);
        }
        if (layer instanceof MaxPool2d pool) {
            return "MaxPool " + pool.getSize() + "/" + pool.getStride();
        }
        if (layer instanceof Linear) {
            return "Dense " + output.get(output.dimension() - 1);
        }
        if (layer instanceof LocalResponseNormalization lrn) {
            return "LRN n=" + lrn.getSize();
        }
        if (layer instanceof AdaptiveAvgPool2d) {
            return "AvgPool to " + output.get(2) + "x" + output.get(3);
        }
        if (layer instanceof BatchNorm) {
            return "BatchNorm";
        }
        if (layer instanceof Dropout) {
            return "Dropout";
        }
        if (layer instanceof LambdaBlock lambda && lambda.getName() != null) {
            return lambda.getName();
        }
        return layer.getClass().getSimpleName();
    }
}
