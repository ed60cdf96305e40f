package io.github.alexnetdjl.onnx;

import static io.github.alexnetdjl.onnx.OnnxGraph.integer;
import static io.github.alexnetdjl.onnx.OnnxGraph.ints;
import static io.github.alexnetdjl.onnx.OnnxGraph.real;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.nn.AdaptiveAvgPool2d;
import io.github.alexnetdjl.nn.Flatten;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.SameConv2d;
import io.github.alexnetdjl.nn.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes DJL blocks as ONNX nodes, in inference mode: each layer becomes the operator that computes the same
 * function (Dropout none), and each tensor and weight is named after the block's parameter path ({@code
 * conv1.conv}, {@code conv1.conv.weight}).
 */
final class LayerWriter {

    private final OnnxGraph graph;

    LayerWriter(OnnxGraph graph) {
        this.graph = graph;
    }

    /**
     * Writes a block that reads the tensor {@code input} of shape {@code shape} and returns the name of the
     * tensor it computes.
     */
    String write(Block block, String path, String input, Shape shape) {
        if (block instanceof SequentialBlock) {
            String current = input;
            Shape currentShape = shape;
            for (Pair<String, Block> child : block.getChildren()) {
                String childPath = path.isEmpty() ? child.getKey() : path + NamedSequentialBlock.SEPARATOR + child.getKey();
                current = write(child.getValue(), childPath, current, currentShape);
                currentShape = child.getValue().getOutputShapes(new Shape[] {currentShape})[0];
            }
            return current;
        }
        if (block instanceof Conv2d) {
            return convolution((Conv2d) block, path, input, shape);
        }
        if (block instanceof BatchNorm) {
            return batchNorm((BatchNorm) block, path, input, shape);
        }
        if (block instanceof Linear) {
            return dense((Linear) block, path, input, shape);
        }
        if (block instanceof LocalResponseNormalization) {
            return lrn((LocalResponseNormalization) block, path, input);
        }
        if (block instanceof MaxPool2d) {
            MaxPool2d pool = (MaxPool2d) block;
            return graph.node("MaxPool", path, List.of(input), ints("kernel_shape", pool.getSize(), pool.getSize()),
                    ints("strides", pool.getStride(), pool.getStride()));
        }
        if (block instanceof AdaptiveAvgPool2d) {
            return adaptiveAverage(block, path, input, shape);
        }
        if (block instanceof ReLU) {
            return graph.node("Relu", path, List.of(input));
        }
        if (block instanceof Flatten) {
            return graph.node("Flatten", path, List.of(input), integer("axis", 1));
        }
        if (block instanceof Softmax) {
            return softmax(path, input);
        }
        if (block instanceof Dropout) {
            return input; // inverted dropout is the identity in inference
        }
        throw new IllegalArgumentException(
                "cannot export " + (path.isEmpty() ? "the network" : path) + " (" + block.getClass().getName()
                        + ") to ONNX: expected sequential blocks of convolutions, BatchNorm, dense layers, ReLU,"
                        + " LRN, max and adaptive average pools, Flatten, Dropout and Softmax");
    }

    /** Softmax over the class axis of a (N, classes) tensor, as the network's Softmax block computes it. */
    String softmax(String name, String input) {
        return graph.node("Softmax", name, List.of(input), integer("axis", 1));
    }

    private String convolution(Conv2d conv, String path, String input, Shape shape) {
        List<String> inputs = new ArrayList<>(List.of(input, weight(conv, path, "weight")));
        if (conv.isIncludeBias()) {
            inputs.add(weight(conv, path, "bias"));
        }
        long[] pads;
        if (conv instanceof SameConv2d) {
            // ONNX pads each side on its own: Keras's odd pixel after the input is the bottom/right pad
            int kernel = (int) conv.getKernelShape().get(0);
            int stride = (int) conv.getStride().get(0);
            int[] vertical = SameConv2d.padding(shape.get(2), kernel, stride);
            int[] horizontal = SameConv2d.padding(shape.get(3), kernel, stride);
            pads = new long[] {vertical[0], horizontal[0], vertical[1], horizontal[1]};
        } else {
            long[] padding = conv.getPadding().getShape();
            pads = new long[] {padding[0], padding[1], padding[0], padding[1]};
        }
        return graph.node("Conv", path, inputs,
                ints("kernel_shape", conv.getKernelShape().getShape()),
                ints("strides", conv.getStride().getShape()),
                ints("dilations", conv.getDilation().getShape()),
                ints("pads", pads),
                integer("group", conv.getGroups()));
    }

    private String dense(Linear dense, String path, String input, Shape shape) {
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    "cannot export " + path + " to ONNX: a dense layer needs (N, features) input, got " + shape);
        }
        List<String> inputs = new ArrayList<>(List.of(input, weight(dense, path, "weight")));
        if (dense.getParameters().contains("bias")) {
            inputs.add(weight(dense, path, "bias"));
        }
        // DJL keeps the weight as (units, features): y = x·Wᵀ + b
        return graph.node("Gemm", path, inputs, integer("transB", 1));
    }

    private String batchNorm(BatchNorm norm, String path, String input, Shape shape) {
        long channels = shape.get(1);
        // per-channel constants broadcast over the axes after the channel one
        long[] dims = new long[shape.dimension() - 1];
        Arrays.fill(dims, 1);
        dims[0] = channels;
        NDArray gamma = norm.getParameters().get("gamma").getArray();
        String scale;
        String shift;
        try (NDManager scope = gamma.getManager().newSubManager()) {
            NDList affine = InferenceOptimizer.batchNormAffine(norm, channels, DataType.FLOAT32, scope);
            scale = graph.floats(path + ".scale", dims, affine.get(0).toFloatArray());
            shift = graph.floats(path + ".shift", dims, affine.get(1).toFloatArray());
        }
        String scaled = graph.node("Mul", path + ".mul", List.of(input, scale));
        return graph.node("Add", path, List.of(scaled, shift));
    }

    private String lrn(LocalResponseNormalization lrn, String path, String input) {
        // ONNX's LRN always divides alpha by the window size, as Scaling.AVERAGE does
        float alpha = lrn.getScaling() == LocalResponseNormalization.Scaling.PAPER
                ? lrn.getAlpha() * lrn.getSize()
                : lrn.getAlpha();
        return graph.node("LRN", path, List.of(input), integer("size", lrn.getSize()), real("alpha", alpha),
                real("beta", lrn.getBeta()), real("bias", lrn.getK()));
    }

    /** Averages rows, then columns, over the same windows as {@link AdaptiveAvgPool2d}. */
    private String adaptiveAverage(Block pool, String path, String input, Shape shape) {
        Shape out = pool.getOutputShapes(new Shape[] {shape})[0];
        String current = input;
        for (int axis = 2; axis < 4; axis++) {
            long in = shape.get(axis);
            long cells = out.get(axis);
            if (in == cells) {
                continue;
            }
            String axisPath = path + (axis == 2 ? ".rows" : ".columns");
            List<String> means = new ArrayList<>();
            for (long i = 0; i < cells; i++) {
                String cell = axisPath + "." + i;
                String slice = graph.node("Slice", cell + ".slice", List.of(current,
                        graph.longs(cell + ".start", AdaptiveAvgPool2d.windowStart(i, in, cells)),
                        graph.longs(cell + ".end", AdaptiveAvgPool2d.windowEnd(i, in, cells)),
                        graph.longs(cell + ".axis", axis)));
                means.add(graph.node("ReduceMean", cell, List.of(slice), ints("axes", axis), integer("keepdims", 1)));
            }
            current = graph.node("Concat", axisPath, means, integer("axis", axis));
        }
        return current;
    }

    private String weight(Block block, String path, String name) {
        Parameter parameter = block.getParameters().get(name);
        return graph.weight(path + NamedSequentialBlock.SEPARATOR + name, parameter.getArray());
    }
}
