package io.github.alexnetdjl.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.AlexNet;

/** A batch's activations at a named stage of a loaded network. */
final class Embeddings {

    /** The stage whose output is the image embedding. */
    static final String FC7 = "fc7";

    private Embeddings() {}

    /**
     * Runs a loaded network's stages in inference mode, with libtorch's grad mode off on this thread, up to and
     * including fc7, whose output (after its ReLU) it returns.
     *
     * @param alexnet the loaded model
     * @param images (N, C, H, W) preprocessed images on the model's device
     * @return (N, fc7 units), attached to the images' manager
     */
    static NDArray fc7(AlexNet alexnet, NDArray images) {
        Block network = alexnet.getModel().getBlock();
        ParameterStore store = new ParameterStore(images.getManager(), false);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            NDList x = new NDList(images);
            for (Pair<String, Block> stage : network.getChildren()) {
                x = stage.getValue().forward(store, x, false);
                if (stage.getKey().equals(FC7)) {
                    return x.singletonOrThrow();
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        throw new IllegalStateException("the network has no stage " + FC7);
    }
}
