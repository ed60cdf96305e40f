package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Max pooling with Keras's {@code padding='valid'} (no padding, windows that do not fit are dropped), as
 * AlexNet's overlapping 3×3 stride-2 pool uses it. The output side is {@code floor((in - size) / stride) + 1}.
 */
public final class MaxPool2d extends AbstractBlock {

    private final int size;
    private final int stride;

    /**
     * Creates a square pool.
     *
     * @param size the window's side
     * @param stride the step between windows
     */
    public MaxPool2d(int size, int stride) {
        if (size <= 0 || stride <= 0) {
            throw new IllegalArgumentException(
                    "MaxPool2d needs a positive size and stride, got size " + size + ", stride " + stride);
        }
        this.size = size;
        this.stride = stride;
    }

    /**
     * Returns the window's side.
     *
     * @return the window's side
     */
    public int getSize() {
        return size;
    }

    /**
     * Returns the step between windows.
     *
     * @return the step between windows
     */
    public int getStride() {
        return stride;
    }

    /**
     * Returns the output side for an input side: {@code floor((in - size) / stride) + 1}, or 0 when the
     * window does not fit.
     *
     * @param in the input side
     * @return the output side
     */
    public long outputSide(long in) {
        return outputSide(in, size, stride);
    }

    /**
     * Returns the output side of a pool: {@code floor((in - size) / stride) + 1}, or 0 when the window does
     * not fit.
     *
     * @param in the input side
     * @param size the window's side
     * @param stride the step between windows
     * @return the output side
     */
    public static long outputSide(long in, int size, int stride) {
        return in < size ? 0 : (in - size) / stride + 1;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(
                Pool.maxPool2d(
                        inputs.singletonOrThrow(),
                        new Shape(size, size),
                        new Shape(stride, stride),
                        new Shape(0, 0),
                        false));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outputSide(in.get(2)), outputSide(in.get(3)))};
    }
}
