package io.github.alexnetdjl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution with Keras's {@code padding='same'}: the output side is {@code ceil(in / stride)}, and
 * the padding that takes is split as Keras (TensorFlow) splits it, the odd pixel going to the bottom and
 * right. AlexNet's first layer at 224×224 with an 11×11 kernel and stride 4 pads 3 above/left and 4
 * below/right, giving 56×56. DJL's {@link Conv2d} only pads symmetrically and DJL 0.25 has no {@code
 * NDArray.pad}, so the odd row and column are appended as zeros and the rest is left to the convolution.
 *
 * <p>Parameters are those of {@link Conv2d}: {@code weight} (filters, in/groups, k, k) and {@code bias}.
 *
 * <pre>{@code
 * Block conv1 = new SameConv2d(96, 11, 4, 1); // (N, 3, 224, 224) -> (N, 96, 56, 56)
 * }</pre>
 */
public final class SameConv2d extends Conv2d {

    private final int kernel;
    private final int step;

    /**
     * Creates a square convolution.
     *
     * @param filters the number of output channels
     * @param kernelSize the kernel's side
     * @param stride the step, both ways
     * @param groups the number of channel groups (1 for a dense convolution)
     */
    public SameConv2d(int filters, int kernelSize, int stride, int groups) {
        super(
                Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(kernelSize, kernelSize))
                        .optStride(new Shape(stride, stride))
                        .optGroups(groups));
        this.kernel = kernelSize;
        this.step = stride;
    }

    /**
     * Returns the padding Keras applies along one axis: {@code {before, after}}, where {@code after} is
     * {@code before} or {@code before + 1}.
     *
     * @param in the input side
     * @param kernelSize the kernel's side
     * @param stride the step
     * @return the zeros before and after the input along that axis
     */
    public static int[] padding(long in, int kernelSize, int stride) {
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + kernelSize - in, 0);
        int before = (int) (total / 2);
        return new int[] {before, (int) (total - before)};
    }

    /**
     * Returns the output side Keras gives for an input side: {@code ceil(in / stride)}.
     *
     * @param in the input side
     * @param stride the step
     * @return the output side
     */
    public static long outputSide(long in, int stride) {
        return (in + stride - 1) / stride;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Shape shape = input.getShape();
        int[] vertical = padding(shape.get(2), kernel, step);
        int[] horizontal = padding(shape.get(3), kernel, step);
        input = appendOddZeros(input, 2, vertical[1] - vertical[0]);
        input = appendOddZeros(input, 3, horizontal[1] - horizontal[0]);
        Device device = input.getDevice();
        NDArray weightArray = parameterStore.getValue(weight, device, training);
        NDArray biasArray = bias == null ? null : parameterStore.getValue(bias, device, training);
        return conv2d(
                input,
                weightArray,
                biasArray,
                stride,
                new Shape(vertical[0], horizontal[0]),
                dilation,
                groups);
    }

    private static NDArray appendOddZeros(NDArray input, int axis, int count) {
        if (count == 0) {
            return input;
        }
        long[] dims = input.getShape().getShape().clone();
        dims[axis] = count;
        NDArray zeros = input.getManager().zeros(new Shape(dims), input.getDataType(), input.getDevice());
        return input.concat(zeros, axis);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {
            new Shape(in.get(0), filters, outputSide(in.get(2), step), outputSide(in.get(3), step))
        };
    }
}
