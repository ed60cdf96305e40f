package io.github.alexnetdjl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.alexnetdjl.store.ModelConfig;
import java.nio.FloatBuffer;

/**
 * The network with the model's own preprocessing in front, for DJL's {@code Criteria} path. DJL 0.25 picks
 * the translator of a {@code Criteria<Image, Classifications>} before it reads {@code serving.properties}, so
 * it always takes its own {@code ImageClassificationTranslator}; the directory's settings make that translator
 * pass the decoded image through untouched (no transforms, no batching), and this block resizes, crops and
 * normalizes it exactly as {@link AlexNetTranslator} does. An input that is preprocessed already (float32,
 * N×C×H×W, from {@link AlexNetTranslator} or any caller) goes straight to the network.
 */
final class ImagePreprocessingBlock extends AbstractBlock {

    private final ModelConfig config;
    private final Block network;

    /**
     * Puts the preprocessing in front of a network.
     *
     * @param config the model's configuration: input size, resize, normalization
     * @param network the initialized network
     */
    ImagePreprocessingBlock(ModelConfig config, Block network) {
        this.config = config;
        this.network = addChildBlock("network", network);
        inputShapes = network.getInputShapes();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (input.getDataType() != DataType.UINT8) {
            return network.forward(parameterStore, inputs, training, params);
        }
        // One decoded image (height, width, RGB), or a stack of them when a caller batches.
        boolean single = input.getShape().dimension() == 3;
        int images = single ? 1 : (int) input.getShape().get(0);
        int[] shape = config.getInputShape();
        int size = shape[0] * shape[1] * shape[2];
        float[] batch = new float[Math.multiplyExact(images, size)];
        for (int i = 0; i < images; i++) {
            NDArray image = single ? input : input.get(i);
            try {
                System.arraycopy(AlexNetTranslator.preprocess(config, AlexNetTranslator.toBufferedImage(image)), 0,
                        batch, i * size, size);
            } finally {
                if (image != input) {
                    image.close();
                }
            }
        }
        NDManager manager = input.getManager();
        NDArray x = manager.create(FloatBuffer.wrap(batch), new Shape(images, shape[0], shape[1], shape[2]));
        NDArray output = network.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        return new NDList(single ? output.squeeze(0) : output);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        if (input.dimension() == 3) {
            return new Shape[] {new Shape(config.getNumClasses())};
        }
        return new Shape[] {new Shape(input.get(0), config.getNumClasses())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int[] shape = config.getInputShape();
        network.initialize(manager, dataType, new Shape(1, shape[0], shape[1], shape[2]));
    }
}
