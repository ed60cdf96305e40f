package io.github.alexnetdjl.diagram;

import io.github.alexnetdjl.model.Layer;
import java.util.Locale;

/** One short line per layer, as a person would label it in a figure. */
final class LayerDescription {

    private LayerDescription() {}

    static String of(Layer layer) {
        Layer.Operation operation = layer.operation();
        if (operation instanceof Layer.Conv conv) {
            String padding = conv.same() ? " same" : conv.padding() > 0 ? " pad " + conv.padding() : "";
            String groups = conv.groups() > 1 ? " g" + conv.groups() : "";
            return String.format(Locale.ROOT, "Conv %d@%dx%d/%d%s%s",
                    conv.filters(), conv.kernel(), conv.kernel(), conv.stride(), padding, groups);
        }
        if (operation instanceof Layer.MaxPool pool) {
            return "MaxPool " + pool.size() + "/" + pool.stride();
        }
        if (operation instanceof Layer.Dense dense) {
            return "Dense " + dense.units();
        }
        if (operation instanceof Layer.Lrn lrn) {
            return "LRN n=" + lrn.size();
        }
        if (operation instanceof Layer.AdaptiveAvgPool avg) {
            return "AvgPool to " + avg.side() + "x" + avg.side();
        }
        if (operation instanceof Layer.BatchNorm) {
            return "BatchNorm";
        }
        if (operation instanceof Layer.Dropout) {
            return "Dropout";
        }
        if (operation instanceof Layer.Relu) {
            return "ReLU";
        }
        if (operation instanceof Layer.Flatten) {
            return "Flatten";
        }
        if (operation instanceof Layer.Softmax) {
            return "Softmax";
        }
        throw new IllegalStateException("no label for " + operation);
    }
}
