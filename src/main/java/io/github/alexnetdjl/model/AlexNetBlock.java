package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import io.github.alexnetdjl.nn.Flatten;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.SameConv2d;
import io.github.alexnetdjl.nn.Softmax;
import java.util.Arrays;
import java.util.List;

/**
 * AlexNet as the Keras notebook defines it, as a DJL block: five convolution stages and three dense
 * stages, each a named {@link NamedSequentialBlock}, so parameters read {@code conv1.conv.weight}, {@code
 * conv1.bn.gamma}, {@code fc6.dense.weight} and so on.
 *
 * <pre>
 * conv1  Conv 96@11x11/4 same  BatchNorm  ReLU  MaxPool 3/2   (N, 96, 27, 27)
 * conv2  Conv 256@5x5 same     BatchNorm  ReLU  MaxPool 3/2   (N, 256, 13, 13)
 * conv3  Conv 384@3x3 same                ReLU               (N, 384, 13, 13)
 * conv4  Conv 384@3x3 same                ReLU               (N, 384, 13, 13)
 * conv5  Conv 256@3x3 same                ReLU  MaxPool 3/2   (N, 256, 6, 6)
 * fc6    Flatten  Dense 4096  ReLU  Dropout 0.5              (N, 4096)
 * fc7    Dense 4096  ReLU  Dropout 0.5                        (N, 4096)
 * fc8    Dense 1000                                           (N, 1000)
 * output Softmax (float32)                                    (N, 1000)
 * </pre>
 *
 * <p>Input is NCHW, (N, 3, 224, 224) by default. 'same' padding follows Keras exactly, including the
 * asymmetric case ({@link SameConv2d}); BatchNorm uses Keras's epsilon 1e-3 and momentum 0.99. With its
 * defaults the block has 62,379,752 parameters, 704 of them the BatchNorm moving statistics.
 *
 * <p><b>Training needs logits.</b> DJL's {@code Loss.softmaxCrossEntropyLoss()} applies log-softmax itself,
 * so train {@link #logits()}, the same network without its softmax and sharing its parameters, or build
 * with {@code optOutput(Output.LOGITS)}.
 *
 * <pre>{@code
 * AlexNetBlock block = AlexNetBlock.builder().build();                  // the notebook's network
 * AlexNetBlock small = AlexNetBlock.builder()
 *         .optInputShape(3, 64, 64).optFilters(16, 32, 48, 48, 32)
 *         .optDenseUnits(128, 128).optNumClasses(10).build();
 * }</pre>
 */
public final class AlexNetBlock extends NamedSequentialBlock {

    /** The names of the stages, in order. */
    public static final List<String> STAGES =
            List.of("conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8");

    /** The name of the softmax block that follows fc8 when the output is {@link Output#SOFTMAX}. */
    public static final String OUTPUT = "output";

    /** What the block's last layer returns. */
    public enum Output {
        /** Class probabilities, as the notebook's {@code Softmax} layer returns them. For inference. */
        SOFTMAX,
        /** The raw scores of fc8. For training with {@code softmaxCrossEntropyLoss}. */
        LOGITS
    }

    private final Shape inputShape;
    private final Output output;
    private final int numClasses;

    private AlexNetBlock(Builder builder) {
        inputShape = new Shape(builder.channels, builder.height, builder.width);
        output = builder.output;
        numClasses = builder.numClasses;
        for (int i = 0; i < 5; i++) {
            NamedSequentialBlock stage = new NamedSequentialBlock();
            stage.add("conv", new SameConv2d(builder.filters[i], builder.kernels[i], builder.strides[i], 1));
            if (builder.batchNorm && i < 2) {
                stage.add(
                        "bn",
                        BatchNorm.builder()
                                .optEpsilon(builder.batchNormEpsilon)
                                .optMomentum(builder.batchNormMomentum)
                                .build());
            }
            stage.add("relu", new ReLU());
            if (i == 0 || i == 1 || i == 4) {
                stage.add("pool", new MaxPool2d(builder.poolSize, builder.poolStride));
            }
            add(STAGES.get(i), stage);
        }
        add("fc6", denseStage(true, builder.denseUnits[0], builder.dropout));
        add("fc7", denseStage(false, builder.denseUnits[1], builder.dropout));
        add("fc8", new NamedSequentialBlock().add("dense", dense(builder.numClasses)));
        if (output == Output.SOFTMAX) {
            add(OUTPUT, new Softmax());
        }
        setInitializer(Initializers.kerasGlorotUniform(), Parameter.Type.WEIGHT);
    }

    private static NamedSequentialBlock denseStage(boolean flatten, int units, float dropout) {
        NamedSequentialBlock stage = new NamedSequentialBlock();
        if (flatten) {
            stage.add("flatten", new Flatten());
        }
        return stage.add("dense", dense(units))
                .add("relu", new ReLU())
                .add("dropout", Dropout.builder().optRate(dropout).build());
    }

    private static Linear dense(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /**
     * Returns a builder whose defaults reproduce the notebook's network.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the input shape of one image, (channels, height, width), without the batch axis.
     *
     * @return the input shape
     */
    public Shape getInputShape() {
        return inputShape;
    }

    /**
     * Returns the input shape of a batch, (batchSize, channels, height, width).
     *
     * @param batchSize the batch size
     * @return the batch's input shape
     */
    public Shape getInputShape(long batchSize) {
        return new Shape(batchSize).addAll(inputShape);
    }

    /**
     * Returns what the block's last layer returns.
     *
     * @return softmax probabilities or logits
     */
    public Output getOutput() {
        return output;
    }

    /**
     * Returns the number of classes.
     *
     * @return the width of the last layer
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns this network without its softmax, for training with {@code softmaxCrossEntropyLoss}: the
     * returned block shares this block's stages and parameters, so training it trains this one. Returns this
     * block when its output is logits already.
     *
     * @return a block computing fc8's logits
     */
    public Block logits() {
        if (output == Output.LOGITS) {
            return this;
        }
        NamedSequentialBlock logits = new NamedSequentialBlock();
        for (String stage : STAGES) {
            logits.add(stage, get(stage));
        }
        return logits;
    }

    /** Builds an {@link AlexNetBlock}; every size defaults to the notebook's value. */
    public static final class Builder {

        private int channels = 3;
        private int height = 224;
        private int width = 224;
        private int[] filters = {96, 256, 384, 384, 256};
        private int[] kernels = {11, 5, 3, 3, 3};
        private int[] strides = {4, 1, 1, 1, 1};
        private int poolSize = 3;
        private int poolStride = 2;
        private int[] denseUnits = {4096, 4096};
        private float dropout = 0.5f;
        private int numClasses = 1000;
        private boolean batchNorm = true;
        private float batchNormEpsilon = 1e-3f;
        private float batchNormMomentum = 0.99f;
        private Output output = Output.SOFTMAX;

        private Builder() {}

        /**
         * Sets the input image's shape; default (3, 224, 224).
         *
         * @param channels the number of channels
         * @param height the height in pixels
         * @param width the width in pixels
         * @return this builder
         */
        public Builder optInputShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets the five convolutions' filter counts; default 96, 256, 384, 384, 256.
         *
         * @param filters five filter counts, conv1 first
         * @return this builder
         */
        public Builder optFilters(int... filters) {
            this.filters = five("filters", filters);
            return this;
        }

        /**
         * Sets the five convolutions' kernel sides; default 11, 5, 3, 3, 3.
         *
         * @param kernels five kernel sides, conv1 first
         * @return this builder
         */
        public Builder optKernelSizes(int... kernels) {
            this.kernels = five("kernel sizes", kernels);
            return this;
        }

        /**
         * Sets the five convolutions' strides; default 4, 1, 1, 1, 1.
         *
         * @param strides five strides, conv1 first
         * @return this builder
         */
        public Builder optStrides(int... strides) {
            this.strides = five("strides", strides);
            return this;
        }

        /**
         * Sets the max-pools' window and stride (after conv1, conv2 and conv5); default 3 and 2.
         *
         * @param size the window's side
         * @param stride the step between windows
         * @return this builder
         */
        public Builder optPool(int size, int stride) {
            this.poolSize = size;
            this.poolStride = stride;
            return this;
        }

        /**
         * Sets the widths of fc6 and fc7; default 4096 and 4096.
         *
         * @param fc6 fc6's units
         * @param fc7 fc7's units
         * @return this builder
         */
        public Builder optDenseUnits(int fc6, int fc7) {
            this.denseUnits = new int[] {fc6, fc7};
            return this;
        }

        /**
         * Sets the dropout rate after fc6 and fc7; default 0.5. Dropout is inverted: active only in
         * training, where it scales kept activations by {@code 1 / (1 - rate)}.
         *
         * @param rate the fraction dropped, in [0, 1)
         * @return this builder
         */
        public Builder optDropout(float rate) {
            this.dropout = rate;
            return this;
        }

        /**
         * Sets the number of classes, fc8's width; default 1000.
         *
         * @param numClasses the number of classes
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Switches the BatchNorm after conv1 and conv2 on or off; default on.
         *
         * @param batchNorm whether conv1 and conv2 are followed by BatchNorm
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Sets BatchNorm's epsilon and momentum; default Keras's 1e-3 and 0.99 (DJL's own defaults are 1e-5
         * and 0.9). The moving statistics update as {@code moving = momentum * moving + (1 - momentum) *
         * batch}.
         *
         * @param epsilon added to the variance
         * @param momentum the moving statistics' decay
         * @return this builder
         */
        public Builder optBatchNormParameters(float epsilon, float momentum) {
            this.batchNormEpsilon = epsilon;
            this.batchNormMomentum = momentum;
            return this;
        }

        /**
         * Sets what the last layer returns; default {@link Output#SOFTMAX}.
         *
         * @param output softmax probabilities or logits
         * @return this builder
         */
        public Builder optOutput(Output output) {
            this.output = output;
            return this;
        }

        /**
         * Validates the configuration and builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the stage and shapes, when a size is not positive, the
         *     dropout rate is outside [0, 1), or the input is too small for a feature map to survive
         */
        public AlexNetBlock build() {
            positive("input shape", channels, height, width);
            positive("filters", filters);
            positive("kernel sizes", kernels);
            positive("strides", strides);
            positive("pool", poolSize, poolStride);
            positive("dense units", denseUnits);
            positive("number of classes", numClasses);
            if (!(dropout >= 0f && dropout < 1f)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + dropout);
            }
            if (!(batchNormEpsilon > 0f) || !(batchNormMomentum >= 0f && batchNormMomentum <= 1f)) {
                throw new IllegalArgumentException(
                        "BatchNorm needs epsilon > 0 and momentum in [0, 1], got epsilon "
                                + batchNormEpsilon
                                + ", momentum "
                                + batchNormMomentum);
            }
            if (output == null) {
                throw new IllegalArgumentException("output must be SOFTMAX or LOGITS, got null");
            }
            AlexNetBlock block = new AlexNetBlock(this);
            checkFeatureMaps(block);
            return block;
        }

        private static void checkFeatureMaps(AlexNetBlock block) {
            Shape shape = block.getInputShape(1);
            for (String name : STAGES) {
                Shape in = shape;
                shape = block.get(name).getOutputShapes(new Shape[] {in})[0];
                for (long dim : shape.getShape()) {
                    if (dim <= 0) {
                        throw new IllegalArgumentException(
                                "input too small: stage "
                                        + name
                                        + " turns "
                                        + in
                                        + " into "
                                        + shape
                                        + "; the input "
                                        + block.getInputShape()
                                        + " needs to be larger");
                    }
                }
            }
        }

        private static int[] five(String what, int[] values) {
            if (values == null || values.length != 5) {
                throw new IllegalArgumentException(
                        what + ": expected 5 values (conv1 to conv5), got " + Arrays.toString(values));
            }
            return values.clone();
        }

        private static void positive(String what, int... values) {
            for (int value : values) {
                if (value <= 0) {
                    throw new IllegalArgumentException(
                            what + " must be positive, got " + Arrays.toString(values));
                }
            }
        }
    }
}
