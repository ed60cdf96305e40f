package io.github.alexnetdjl.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.alexnetdjl.nn.NamedSequentialBlock;

/**
 * A frozen stage as the trainer runs it: the stage's own layers under their own names (so parameter paths are
 * unchanged), with its BatchNorm in inference mode even in a training pass. DJL's BatchNorm on PyTorch, in a
 * training pass, normalizes with the batch's statistics and updates its running mean and variance in place
 * ({@code torch.batch_norm} with {@code training=true}); freezing its parameters stops neither. In inference
 * mode it normalizes with the running statistics and leaves them alone, as Keras does for a layer that is not
 * trainable. Dropout keeps its training behaviour, as in PyTorch, where freezing only stops gradients.
 *
 * <p>DJL's trainer runs a training pass through the forward that takes labels, which a sequential block passes on
 * to its children as such, so that one is the training pass here too.
 */
final class FrozenStage extends NamedSequentialBlock {

    FrozenStage(Block stage) {
        for (Pair<String, Block> layer : stage.getChildren()) {
            add(layer.getKey(), layer.getValue());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!training) {
            return super.forwardInternal(parameterStore, inputs, false, params);
        }
        return train(parameterStore, inputs, params);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList data, NDList labels, PairList<String, Object> params) {
        return train(parameterStore, data, params);
    }

    private NDList train(ParameterStore parameterStore, NDList inputs, PairList<String, Object> params) {
        NDList current = inputs;
        for (Block layer : children.values()) {
            current = layer.forward(parameterStore, current, !(layer instanceof BatchNorm), params);
        }
        return current;
    }
}
