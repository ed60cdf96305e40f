package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The rectified linear unit, {@code max(x, 0)}, as a block whose output shape is its input shape (DJL's
 * {@code Activation.reluBlock()} is a {@code LambdaBlock}, which computes shapes by running on zeros).
 */
public final class ReLU extends AbstractBlock {

    /** Creates the block. */
    public ReLU() {}

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(Activation.relu(inputs.singletonOrThrow()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
