package io.github.alexnetdjl.summary;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Layer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The output shapes of a block's layers, by path: an {@link AlexNetBlock}'s from its spec's one shape
 * computation ({@link AlexNetSpec#layers()}), any other block's chained through {@link Block#getOutputShapes}.
 */
final class LayerShapes {

    private final Map<String, Layer> layers;
    private final long batchSize;

    private LayerShapes(Map<String, Layer> layers, long batchSize) {
        this.layers = layers;
        this.batchSize = batchSize;
    }

    /**
     * Returns the shapes of a block's layers for an input.
     *
     * @throws IllegalArgumentException if the block is an AlexNetBlock built for another input shape
     */
    static LayerShapes of(Block root, Shape input) {
        if (!(root instanceof AlexNetBlock alexnet)) {
            return new LayerShapes(null, 0);
        }
        AlexNetSpec spec = alexnet.getSpec();
        if (!input.slice(1).equals(spec.inputShape())) {
            throw new IllegalArgumentException("inputShape: the network takes images of shape " + spec.inputShape()
                    + " after the batch axis, got " + input);
        }
        return new LayerShapes(
                spec.layers().stream().collect(Collectors.toMap(Layer::path, Function.identity())), input.get(0));
    }

    /**
     * Returns a layer's output shapes.
     *
     * @param path the layer's path from the root, keys joined by dots, e.g. {@code conv1.conv}
     * @param name the layer's name in the summary, for messages
     * @param block the layer
     * @param in its input shapes
     * @throws IllegalStateException naming the layer when its shapes cannot be computed
     */
    Shape[] after(String path, String name, Block block, Shape[] in) {
        if (layers != null) {
            Layer layer = layers.get(path);
            if (layer == null) {
                throw new IllegalStateException("layer '" + path + "' is not in the network's spec");
            }
            return new Shape[] {layer.output(batchSize)};
        }
        try {
            return block.getOutputShapes(in);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot compute the output shape of layer '"
                            + name
                            + "' ("
                            + block.getClass().getName()
                            + ") for input "
                            + Arrays.toString(in)
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
