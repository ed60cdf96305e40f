package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.nn.LocalResponseNormalization;

/**
 * One layer of a network as its {@link AlexNetSpec} lays it out: where it sits, what it computes, and the
 * shapes it takes and gives for one image (no batch axis). {@link AlexNetSpec#layers()} lists them in order;
 * the {@link AlexNetBlock} built from the spec has one DJL block per layer at the same path, so that the
 * summary, the diagram, FLOP counts and size checks read shapes from here instead of chaining them through the
 * blocks.
 *
 * @param path the layer's path in the block, {@code stage.name} (e.g. {@code conv1.conv}), or {@code output}
 *     for the softmax that follows the stages
 * @param operation what the layer computes
 * @param input the shape it takes for one image, (channels, height, width) or (features)
 * @param output the shape it gives for one image
 */
public record Layer(String path, Operation operation, Shape input, Shape output) {

    /**
     * Returns the stage the layer belongs to: {@code conv1} … {@code fc8}, or {@code output} for the softmax.
     *
     * @return the stage's name
     */
    public String stage() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    /**
     * Returns the layer's name within its stage ({@code conv}, {@code bn}, {@code relu}, …), or the path of
     * a layer directly under the root.
     *
     * @return the layer's name
     */
    public String name() {
        return path.substring(path.indexOf('.') + 1);
    }

    /**
     * Returns the input shape of a batch.
     *
     * @param batchSize the batch axis
     * @return (batchSize, input...)
     */
    public Shape input(long batchSize) {
        return new Shape(batchSize).addAll(input);
    }

    /**
     * Returns the output shape of a batch.
     *
     * @param batchSize the batch axis
     * @return (batchSize, output...)
     */
    public Shape output(long batchSize) {
        return new Shape(batchSize).addAll(output);
    }

    /**
     * Returns how many values the layer's weight tensor holds (biases, BatchNorm's per-channel parameters and
     * statistics not counted): filters × input channels per group × kernel area for a convolution, inputs ×
     * units for a dense layer, 0 for the others.
     *
     * @return the weight count
     * @throws ArithmeticException if it overflows a long
     */
    public long weights() {
        if (operation instanceof Conv conv) {
            long perFilter = Math.multiplyExact(input.get(0) / conv.groups(), (long) conv.kernel() * conv.kernel());
            return Math.multiplyExact(conv.filters(), perFilter);
        }
        if (operation instanceof Dense dense) {
            return Math.multiplyExact(input.get(0), (long) dense.units());
        }
        return 0;
    }

    /**
     * Returns the multiply-accumulates of one image's forward pass through the layer: each weight once per
     * output position for a convolution, once for a dense layer; 0 for element-wise layers, pools and
     * BatchNorm.
     *
     * @return the multiply-accumulates per image
     */
    public long multiplyAccumulates() {
        if (operation instanceof Conv) {
            return Math.multiplyExact(weights(), output.get(1) * output.get(2));
        }
        return weights();
    }

    /** What a layer computes, with the values that define it. */
    public sealed interface Operation
            permits Conv, BatchNorm, Relu, Lrn, MaxPool, AdaptiveAvgPool, Flatten, Dropout, Dense, Softmax {}

    /**
     * A 2-D convolution with a square kernel.
     *
     * @param filters the output channels
     * @param kernel the kernel's side
     * @param stride the step
     * @param padding the zeros added on each side; 0 with {@code same}
     * @param same whether the padding is Keras's 'same' (output side {@code ceil(in / stride)}), computed per
     *     input instead of fixed
     * @param groups the channel groups: each filter sees {@code channels / groups} input channels
     */
    public record Conv(int filters, int kernel, int stride, int padding, boolean same, int groups)
            implements Operation {}

    /**
     * Batch normalization over channels.
     *
     * @param epsilon added to the variance
     * @param momentum the moving statistics' decay: {@code moving = momentum * moving + (1 - momentum) * batch}
     */
    public record BatchNorm(float epsilon, float momentum) implements Operation {}

    /** max(x, 0). */
    public record Relu() implements Operation {}

    /**
     * Local response normalization across channels ({@link LocalResponseNormalization}).
     *
     * @param size n, the channels in the window (odd)
     * @param k the constant added before the power
     * @param alpha α, the scale of the sum of squares
     * @param beta β, the exponent
     * @param scaling whether α scales the sum of squares or their mean over the window
     */
    public record Lrn(int size, float k, float alpha, float beta, LocalResponseNormalization.Scaling scaling)
            implements Operation {}

    /**
     * Max pooling with a square window, no padding.
     *
     * @param size the window's side
     * @param stride the step between windows
     */
    public record MaxPool(int size, int stride) implements Operation {}

    /**
     * Average pooling to a fixed square output, whatever the input's side.
     *
     * @param side the output's side
     */
    public record AdaptiveAvgPool(int side) implements Operation {}

    /** (channels, height, width) to (channels × height × width), in that order. */
    public record Flatten() implements Operation {}

    /**
     * Inverted dropout, active only in training.
     *
     * @param rate the fraction dropped
     */
    public record Dropout(float rate) implements Operation {}

    /**
     * A fully connected layer with bias.
     *
     * @param units the outputs
     */
    public record Dense(int units) implements Operation {}

    /** Softmax over the classes, in float32. */
    public record Softmax() implements Operation {}
}
