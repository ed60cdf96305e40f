package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Flattens everything but the batch axis, in the layout the model computes (NCHW, so (c, h, w) order).
 * Keras flattens NHWC in (h, w, c) order: importing Keras weights into the dense layer after this block
 * needs its input rows permuted.
 */
public final class Flatten extends AbstractBlock {

    /** Creates the block. */
    public Flatten() {}

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        return new NDList(input.reshape(input.getShape().get(0), -1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.slice(1).size())};
    }
}
