package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Softmax over the class axis (axis 1), always computed in float32 as the notebook's {@code
 * Softmax(dtype=tf.float32)} does, so that half-precision logits still give probabilities that sum to 1.
 *
 * <p>Never train through this block: DJL's {@code Loss.softmaxCrossEntropyLoss()} applies log-softmax itself
 * and expects logits.
 */
public final class Softmax extends AbstractBlock {

    /** Creates the block. */
    public Softmax() {}

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray logits = inputs.singletonOrThrow();
        if (logits.getDataType() != DataType.FLOAT32) {
            logits = logits.toType(DataType.FLOAT32, false);
        }
        return new NDList(logits.softmax(1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
