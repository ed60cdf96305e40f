package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Average pooling to a fixed output size whatever the input size, as PyTorch's {@code
 * nn.AdaptiveAvgPool2d} computes it: output cell {@code i} of an axis with input side {@code in} and output
 * side {@code out} averages input cells {@code floor(i·in/out)} to {@code ceil((i+1)·in/out) − 1}. Windows
 * overlap when {@code in} is not a multiple of {@code out}, and an input smaller than the output is
 * repeated. torchvision's AlexNet pools to 6×6 this way so that it takes any input of at least 63×63.
 *
 * <p>DJL 0.25's API has no adaptive average pool (only the PyTorch engine's internals have one), so this
 * block averages rows, then columns: the mean over a rectangle is the mean of its rows' means. An axis whose
 * side already equals the output side is passed through.
 */
public final class AdaptiveAvgPool2d extends AbstractBlock {

    private final int height;
    private final int width;

    /**
     * Creates the block.
     *
     * @param height the output height
     * @param width the output width
     */
    public AdaptiveAvgPool2d(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "AdaptiveAvgPool2d needs a positive output size, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    /**
     * Returns the first input cell of output cell {@code i}: {@code floor(i·in/out)}.
     *
     * @param i the output cell
     * @param in the input side
     * @param out the output side
     * @return the window's first input cell
     */
    public static long windowStart(long i, long in, long out) {
        return i * in / out;
    }

    /**
     * Returns one past the last input cell of output cell {@code i}: {@code ceil((i+1)·in/out)}.
     *
     * @param i the output cell
     * @param in the input side
     * @param out the output side
     * @return the window's end, exclusive
     */
    public static long windowEnd(long i, long in, long out) {
        return ((i + 1) * in + out - 1) / out;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (input.getShape().dimension() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d expects (N, C, H, W) input, got "
                    + input.getShape());
        }
        return new NDList(pool(pool(input, 2, height), 3, width));
    }

    private static NDArray pool(NDArray input, int axis, int out) {
        long in = input.getShape().get(axis);
        if (in == out) {
            return input;
        }
        NDList cells = new NDList(out);
        String prefix = axis == 2 ? ":, :, " : ":, :, :, ";
        for (long i = 0; i < out; i++) {
            NDIndex window = new NDIndex(prefix + "{}:{}", windowStart(i, in, out), windowEnd(i, in, out));
            cells.add(input.get(window).mean(new int[] {axis}, true));
        }
        return NDArrays.concat(cells, axis);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), height, width)};
    }
}
