package io.github.alexnetdjl.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Counts the floating-point operations of a forward pass from a network's layer shapes: a convolution or a
 * dense layer costs two FLOPs (a multiply and an add) per multiply-accumulate. Element-wise layers
 * (BatchNorm, ReLU, pooling, softmax) are memory-bound and not counted, as is customary. The notebook's
 * AlexNet at 224×224 comes to about 2.28 GFLOP per image.
 *
 * <pre>{@code
 * long flops = FlopCounter.forwardFlops(block, block.getInputShape(1));
 * }</pre>
 */
public final class FlopCounter {

    private FlopCounter() {}

    /**
     * Returns the FLOPs of one forward pass over a batch of the given shape.
     *
     * @param block the network: sequential blocks of convolutions, dense layers and parameter-free layers
     * @param inputShape the batch's shape, e.g. (1, 3, 224, 224)
     * @return the FLOPs of the forward pass
     * @throws IllegalArgumentException naming the block when it has parameters this counter does not know
     */
    public static long forwardFlops(Block block, Shape inputShape) {
        if (block instanceof SequentialBlock) {
            long total = 0;
            Shape shape = inputShape;
            for (Block child : block.getChildren().values()) {
                total += forwardFlops(child, shape);
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
            return total;
        }
        if (block instanceof Convolution) {
            Convolution conv = (Convolution) block;
            Shape out = conv.getOutputShapes(new Shape[] {inputShape})[0];
            long inChannelsPerGroup = inputShape.get(1) / conv.getGroups();
            return 2L * out.size() * inChannelsPerGroup * conv.getKernelShape().size();
        }
        if (block instanceof Linear) {
            Shape out = block.getOutputShapes(new Shape[] {inputShape})[0];
            return 2L * out.size() * inputShape.get(inputShape.dimension() - 1);
        }
        if (block.getChildren().isEmpty() && isCheap(block)) {
            return 0;
        }
        throw new IllegalArgumentException(
                "Cannot count the FLOPs of "
                        + block.getClass().getName()
                        + ": expected sequential blocks, convolutions, dense layers or element-wise layers");
    }

    /** Element-wise layers and BatchNorm: parameters, if any, are one per channel. */
    private static boolean isCheap(Block block) {
        return block.getDirectParameters().isEmpty()
                || block instanceof ai.djl.nn.norm.BatchNorm
                || block instanceof ai.djl.nn.norm.LayerNorm;
    }
}
