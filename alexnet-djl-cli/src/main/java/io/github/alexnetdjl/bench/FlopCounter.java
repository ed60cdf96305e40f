package io.github.alexnetdjl.bench;

import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Layer;

/**
 * Counts the floating-point operations of a forward pass from a network's spec: a convolution or a dense layer
 * costs two FLOPs (a multiply and an add) per multiply-accumulate ({@link Layer#multiplyAccumulates()}).
 * Element-wise layers (BatchNorm, ReLU, LRN, pooling, softmax) are memory-bound and not counted, as is
 * customary. The notebook's AlexNet at 224×224 comes to about 2.28 GFLOP per image.
 *
 * <pre>{@code
 * long flops = FlopCounter.forwardFlops(block.getSpec(), 1);
 * }</pre>
 */
public final class FlopCounter {

    private FlopCounter() {}

    /**
     * Returns the FLOPs of one forward pass over a batch.
     *
     * @param spec the network
     * @param batchSize the images in the batch
     * @return the FLOPs of the forward pass
     */
    public static long forwardFlops(AlexNetSpec spec, long batchSize) {
        long total = 0;
        for (Layer layer : spec.layers()) {
            total += forwardFlops(layer, batchSize);
        }
        return total;
    }

    /**
     * Returns the FLOPs of one layer's forward pass over a batch.
     *
     * @param layer one of a spec's layers
     * @param batchSize the images in the batch
     * @return the layer's FLOPs, 0 for element-wise layers
     */
    public static long forwardFlops(Layer layer, long batchSize) {
        return Math.multiplyExact(2 * batchSize, layer.multiplyAccumulates());
    }
}
