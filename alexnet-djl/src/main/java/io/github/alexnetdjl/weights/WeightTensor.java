package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A float32 tensor read from a weight file, held on the Java heap until it is validated and copied into a
 * parameter, with the name it has in the file so that errors can point at it.
 *
 * @param source the tensor's name in the file, e.g. {@code features.0.weight} or {@code conv2d/kernel:0}
 * @param shape the tensor's shape
 * @param data the values in row-major (C) order; {@code data.length == shape.size()}
 */
public record WeightTensor(String source, Shape shape, float[] data) {

    /**
     * Checks that the data fills the shape.
     *
     * @throws IllegalArgumentException naming the tensor, when the data length is not the shape's size
     */
    public WeightTensor {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "tensor "
                            + source
                            + ": shape "
                            + shape
                            + " needs "
                            + shape.size()
                            + " values, got "
                            + data.length);
        }
    }

    /**
     * Returns this tensor with its axes permuted, as numpy's {@code transpose(axes)}.
     *
     * @param axes for each output axis, the input axis it comes from
     * @return a new tensor
     */
    public WeightTensor transpose(int... axes) {
        long[] in = shape.getShape();
        if (axes.length != in.length) {
            throw new IllegalArgumentException(
                    "tensor " + source + ": cannot permute " + shape + " by " + Arrays.toString(axes));
        }
        long[] out = new long[in.length];
        long[] inStrides = strides(in);
        long[] outToInStride = new long[in.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = in[axes[i]];
            outToInStride[i] = inStrides[axes[i]];
        }
        float[] result = new float[data.length];
        long[] index = new long[out.length];
        for (int flat = 0; flat < result.length; flat++) {
            long offset = 0;
            for (int i = 0; i < out.length; i++) {
                offset += index[i] * outToInStride[i];
            }
            result[flat] = data[(int) offset];
            for (int i = out.length - 1; i >= 0; i--) {
                if (++index[i] < out[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return new WeightTensor(source, new Shape(out), result);
    }

    static long[] strides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
