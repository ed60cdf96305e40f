package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Lays a spec out layer by layer and computes each layer's shapes: the one place that knows which layers each
 * variant has, in which order, and how each changes a shape. {@link Stages} builds the DJL blocks from this
 * list; the blocks' own shape arithmetic agrees with it (AlexNetSpecTest).
 */
final class Architecture {

    // conv1..conv5's explicit paddings as published; the notebook pads Keras's 'same' instead
    private static final int[] PAPER_PADDING = {0, 2, 1, 1, 1};
    private static final int[] TORCHVISION_PADDING = {2, 2, 1, 1, 1};
    // torchvision's adaptive average pool makes conv5's map 6x6 whatever the input
    private static final int TORCHVISION_POOLED_SIDE = 6;

    private final AlexNetSpec spec;
    private final List<Layer> layers = new ArrayList<>();
    private Shape shape;

    private Architecture(AlexNetSpec spec) {
        this.spec = spec;
        this.shape = spec.inputShape();
    }

    /**
     * Lists a spec's layers.
     *
     * @throws IllegalArgumentException naming the stage, layer and shapes where a feature map loses its last
     *     pixel
     */
    static List<Layer> layers(AlexNetSpec spec) {
        Architecture architecture = new Architecture(spec);
        architecture.convolutions();
        architecture.dense();
        if (spec.output() == AlexNetBlock.Output.SOFTMAX) {
            architecture.add(AlexNetBlock.OUTPUT, new Layer.Softmax());
        }
        return Collections.unmodifiableList(architecture.layers);
    }

    private void convolutions() {
        boolean averagePool = switch (spec.variant()) {
            case TORCHVISION -> true;
            case SEED, PAPER -> false;
        };
        for (int i = 0; i < 5; i++) {
            String stage = AlexNetBlock.STAGES.get(i) + ".";
            add(stage + "conv", conv(i));
            if (spec.batchNorm() != null && i < 2) {
                add(stage + "bn", spec.batchNorm());
            }
            add(stage + "relu", new Layer.Relu());
            if (spec.lrn() != null && i < 2) {
                add(stage + "lrn", spec.lrn());
            }
            if (i == 0 || i == 1 || i == 4) {
                add(stage + "pool", spec.pool());
            }
            if (averagePool && i == 4) {
                add(stage + "avgpool", new Layer.AdaptiveAvgPool(TORCHVISION_POOLED_SIDE));
            }
        }
    }

    private Layer.Conv conv(int i) {
        int filters = spec.filters().get(i);
        int kernel = spec.kernels().get(i);
        int stride = spec.strides().get(i);
        int groups = spec.groups().get(i);
        return switch (spec.variant()) {
            case SEED -> new Layer.Conv(filters, kernel, stride, 0, true, groups);
            case PAPER -> new Layer.Conv(filters, kernel, stride, PAPER_PADDING[i], false, groups);
            case TORCHVISION -> new Layer.Conv(filters, kernel, stride, TORCHVISION_PADDING[i], false, groups);
        };
    }

    private void dense() {
        // torchvision drops out the inputs of fc6 and fc7, not their outputs as the notebook and the paper do
        boolean dropoutFirst = switch (spec.variant()) {
            case TORCHVISION -> true;
            case SEED, PAPER -> false;
        };
        Layer.Dropout dropout = new Layer.Dropout(spec.dropout());
        for (int i = 0; i < 2; i++) {
            String stage = AlexNetBlock.STAGES.get(5 + i) + ".";
            if (i == 0) {
                add(stage + "flatten", new Layer.Flatten());
            }
            if (dropoutFirst) {
                add(stage + "dropout", dropout);
            }
            add(stage + "dense", new Layer.Dense(spec.denseUnits().get(i)));
            add(stage + "relu", new Layer.Relu());
            if (!dropoutFirst) {
                add(stage + "dropout", dropout);
            }
        }
        add(AlexNetBlock.STAGES.get(7) + ".dense", new Layer.Dense(spec.numClasses()));
    }

    private void add(String path, Layer.Operation operation) {
        Layer layer = new Layer(path, operation, shape, outputShape(operation, shape));
        if (Arrays.stream(layer.output().getShape()).anyMatch(side -> side <= 0)) {
            throw new IllegalArgumentException(
                    "input too small: stage " + layer.stage() + " (" + layer.name() + ") turns "
                            + layer.input(1) + " into " + layer.output(1) + "; the input "
                            + spec.inputShape() + " needs to be larger");
        }
        layers.add(layer);
        shape = layer.output();
    }

    /** The output shape for one image, with 0 for a side that a window does not fit. */
    private static Shape outputShape(Layer.Operation operation, Shape in) {
        if (operation instanceof Layer.Conv conv) {
            return new Shape(conv.filters(), convSide(conv, in.get(1)), convSide(conv, in.get(2)));
        }
        if (operation instanceof Layer.MaxPool pool) {
            return new Shape(in.get(0), MaxPool2d.outputSide(in.get(1), pool.size(), pool.stride()),
                    MaxPool2d.outputSide(in.get(2), pool.size(), pool.stride()));
        }
        if (operation instanceof Layer.AdaptiveAvgPool avg) {
            return new Shape(in.get(0), avg.side(), avg.side());
        }
        if (operation instanceof Layer.Flatten) {
            return new Shape(Math.multiplyExact(in.get(0), Math.multiplyExact(in.get(1), in.get(2))));
        }
        if (operation instanceof Layer.Dense dense) {
            return new Shape(dense.units());
        }
        // BatchNorm, ReLU, LRN, dropout and softmax keep the shape
        return in;
    }

    private static long convSide(Layer.Conv conv, long in) {
        if (conv.same()) {
            return SameConv2d.outputSide(in, conv.stride());
        }
        long padded = in + 2L * conv.padding();
        return padded < conv.kernel() ? 0 : (padded - conv.kernel()) / conv.stride() + 1;
    }
}
