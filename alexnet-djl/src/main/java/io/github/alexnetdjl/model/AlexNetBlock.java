package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.Arrays;
import java.util.List;

/**
 * AlexNet as a DJL block: five convolution stages and three dense stages, each a named {@link
 * NamedSequentialBlock}, so parameters read {@code conv1.conv.weight}, {@code conv1.bn.gamma}, {@code
 * fc6.dense.weight} and so on. Three networks go by that name, and {@link Builder#optVariant} picks one:
 * the Keras notebook's ({@link Variant#SEED}, the default, described below), the 2012 paper's ({@link
 * Variant#PAPER}) and torchvision's ({@link Variant#TORCHVISION}). All three use the same stage and layer
 * names (conv, bn, relu, lrn, pool, avgpool in the convolution stages; flatten, dropout, dense, relu in the
 * dense ones), and each comes with its source's initialization; docs/variants.md compares them. {@link
 * #getSpec()} holds every option as the builder resolved it, and each layer's shapes.
 *
 * <p>The notebook's network:
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
 * asymmetric case ({@link io.github.alexnetdjl.nn.SameConv2d}); BatchNorm uses Keras's epsilon 1e-3 and
 * momentum 0.99. With its defaults the block has 62,379,752 parameters, 704 of them the BatchNorm moving
 * statistics.
 *
 * <p><b>Training needs logits.</b> DJL's {@code Loss.softmaxCrossEntropyLoss()} applies log-softmax itself,
 * so train {@link #logits()}, the same network without its softmax and sharing its parameters, or build
 * with {@code optOutput(Output.LOGITS)}.
 *
 * <pre>{@code
 * AlexNetBlock block = AlexNetBlock.builder().build();                  // the notebook's network
 * AlexNetBlock paper = AlexNetBlock.builder().optVariant(Variant.PAPER).build();
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

    private final AlexNetSpec spec;

    private AlexNetBlock(AlexNetSpec spec) {
        this.spec = spec;
        for (Pair<String, Block> child : Stages.of(spec)) {
            add(child.getKey(), child.getValue());
        }
    }

    /** The logits view of a softmax network: the same stages, shared. */
    private AlexNetBlock(AlexNetBlock softmax) {
        this.spec = softmax.spec.withOutput(Output.LOGITS);
        for (String stage : STAGES) {
            add(stage, softmax.get(stage));
        }
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
     * Returns everything that defines this network, resolved: the variant, every size, the BatchNorm and LRN
     * parameters, the output, and through {@link AlexNetSpec#layers()} each layer's shapes. Two blocks with
     * equal specs compute the same function of their parameters.
     *
     * @return the spec
     */
    public AlexNetSpec getSpec() {
        return spec;
    }

    /**
     * Returns which AlexNet this is.
     *
     * @return the variant
     */
    public Variant getVariant() {
        return spec.variant();
    }

    /**
     * Returns the input shape of one image, (channels, height, width), without the batch axis.
     *
     * @return the input shape
     */
    public Shape getInputShape() {
        return spec.inputShape();
    }

    /**
     * Returns the input shape of a batch, (batchSize, channels, height, width).
     *
     * @param batchSize the batch size
     * @return the batch's input shape
     */
    public Shape getInputShape(long batchSize) {
        return new Shape(batchSize).addAll(spec.inputShape());
    }

    /**
     * Returns what the block's last layer returns.
     *
     * @return softmax probabilities or logits
     */
    public Output getOutput() {
        return spec.output();
    }

    /**
     * Returns the number of classes.
     *
     * @return the width of the last layer
     */
    public int getNumClasses() {
        return spec.numClasses();
    }

    /**
     * Returns this network without its softmax, for training with {@code softmaxCrossEntropyLoss}: the
     * returned block shares this block's stages and parameters, so training it trains this one, and its spec
     * is this one's with {@link Output#LOGITS}. Returns this block when its output is logits already.
     *
     * @return a block computing fc8's logits
     */
    public Block logits() {
        return spec.output() == Output.LOGITS ? this : new AlexNetBlock(this);
    }

    /**
     * Builds an {@link AlexNetBlock}. Every size defaults to the chosen {@link Variant}'s value, whatever the
     * order of the calls; options that only one variant has (kernel sizes, strides, pool and BatchNorm for
     * {@link Variant#SEED}, the LRN's scaling and parameters for {@link Variant#PAPER}) are rejected by {@link
     * #build()} for the others. {@link #build()} resolves the options into an {@link AlexNetSpec} once and
     * builds the block from it.
     */
    public static final class Builder {

        private Variant variant = Variant.SEED;
        // null: the variant's own value
        private int[] inputShape;
        private int[] filters;
        private int[] kernels;
        private int[] strides;
        private int[] pool;
        private Boolean batchNorm;
        private float[] batchNormParameters;
        private LocalResponseNormalization.Scaling lrnScaling;
        // its scaling is lrnScaling's
        private Layer.Lrn lrnParameters;
        private int[] denseUnits;
        private Float dropout;
        private Integer numClasses;
        private Output output = Output.SOFTMAX;

        private Builder() {}

        /**
         * Chooses the network; default {@link Variant#SEED}, the notebook's.
         *
         * @param variant the notebook's, the paper's or torchvision's AlexNet
         * @return this builder
         */
        public Builder optVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /**
         * Sets the input image's shape; default (3, 224, 224), or (3, 227, 227) for {@link Variant#PAPER}.
         *
         * @param channels the number of channels
         * @param height the height in pixels
         * @param width the width in pixels
         * @return this builder
         */
        public Builder optInputShape(int channels, int height, int width) {
            this.inputShape = new int[] {channels, height, width};
            return this;
        }

        /**
         * Sets the five convolutions' filter counts; default 96, 256, 384, 384, 256, or 64, 192, 384, 256,
         * 256 for {@link Variant#TORCHVISION}. The paper's grouped convolutions need even counts.
         *
         * @param filters five filter counts, conv1 first
         * @return this builder
         */
        public Builder optFilters(int... filters) {
            this.filters = five("filters", filters);
            return this;
        }

        /**
         * Sets the five convolutions' kernel sides; default 11, 5, 3, 3, 3. {@link Variant#SEED} only.
         *
         * @param kernels five kernel sides, conv1 first
         * @return this builder
         */
        public Builder optKernelSizes(int... kernels) {
            this.kernels = five("kernel sizes", kernels);
            return this;
        }

        /**
         * Sets the five convolutions' strides; default 4, 1, 1, 1, 1. {@link Variant#SEED} only.
         *
         * @param strides five strides, conv1 first
         * @return this builder
         */
        public Builder optStrides(int... strides) {
            this.strides = five("strides", strides);
            return this;
        }

        /**
         * Sets the max-pools' window and stride (after conv1, conv2 and conv5); default 3 and 2. {@link
         * Variant#SEED} only.
         *
         * @param size the window's side
         * @param stride the step between windows
         * @return this builder
         */
        public Builder optPool(int size, int stride) {
            this.pool = new int[] {size, stride};
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
         * Sets the dropout rate of fc6 and fc7 (after them in the notebook and the paper, before them in
         * torchvision); default 0.5. Dropout is inverted: active only in training, where it scales kept
         * activations by {@code 1 / (1 - rate)}, so that inference needs no scaling; the paper instead
         * multiplied the outputs by 0.5 at test time, which gives the same expected activations.
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
         * Switches the BatchNorm after conv1 and conv2 on or off; default on. {@link Variant#SEED} only.
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
         * batch}. {@link Variant#SEED} only.
         *
         * @param epsilon added to the variance
         * @param momentum the moving statistics' decay
         * @return this builder
         */
        public Builder optBatchNormParameters(float epsilon, float momentum) {
            this.batchNormParameters = new float[] {epsilon, momentum};
            return this;
        }

        /**
         * Sets how the LRN after conv1 and conv2 scales its sum of squares; default {@link
         * LocalResponseNormalization.Scaling#PAPER}, the paper's {@code k + α·Σa²}. {@link
         * LocalResponseNormalization.Scaling#AVERAGE} computes Caffe's and PyTorch's {@code k + (α/n)·Σa²}
         * (Caffe's bvlc_alexnet also has Caffe's default k = 1, where this keeps the paper's k = 2). {@link
         * Variant#PAPER} only.
         *
         * @param scaling the LRN's scaling
         * @return this builder
         */
        public Builder optLrnScaling(LocalResponseNormalization.Scaling scaling) {
            this.lrnScaling = scaling;
            return this;
        }

        /**
         * Sets the LRN's window and constants; default the paper's n = 5, k = 2, α = 1e-4, β = 0.75 (Caffe's
         * bvlc_alexnet has k = 1). {@link Variant#PAPER} only.
         *
         * @param size n, the channels in the window, odd
         * @param k the constant added before the power, positive
         * @param alpha α, the scale of the sum of squares, not negative
         * @param beta β, the exponent, not negative
         * @return this builder
         */
        public Builder optLrnParameters(int size, float k, float alpha, float beta) {
            this.lrnParameters = new Layer.Lrn(size, k, alpha, beta, null);
            return this;
        }

        /**
         * Sets every option to a spec's values, so that {@link #build()} builds that network; options called
         * afterwards change it. Only the options the spec's variant takes are set: the values the variant fixes
         * follow from it.
         *
         * @param spec a resolved spec, e.g. another block's {@link AlexNetBlock#getSpec()}
         * @return this builder
         */
        public Builder optSpec(AlexNetSpec spec) {
            variant = spec.variant();
            inputShape = new int[] {spec.channels(), spec.height(), spec.width()};
            filters = ints(spec.filters());
            boolean layerOptions = variant.takesLayerOptions();
            kernels = layerOptions ? ints(spec.kernels()) : null;
            strides = layerOptions ? ints(spec.strides()) : null;
            pool = layerOptions ? new int[] {spec.pool().size(), spec.pool().stride()} : null;
            batchNorm = layerOptions ? spec.batchNorm() != null : null;
            batchNormParameters = layerOptions && spec.batchNorm() != null
                    ? new float[] {spec.batchNorm().epsilon(), spec.batchNorm().momentum()} : null;
            lrnScaling = spec.lrn() == null ? null : spec.lrn().scaling();
            lrnParameters = spec.lrn();
            denseUnits = ints(spec.denseUnits());
            dropout = spec.dropout();
            numClasses = spec.numClasses();
            output = spec.output();
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
         * Validates the options and builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the option or stage and shapes, when a size is not
         *     positive, the dropout rate is outside [0, 1), an option does not apply to the variant, the
         *     paper's grouped convolutions get odd filter counts, or the input is too small for a feature
         *     map to survive
         */
        public AlexNetBlock build() {
            if (variant == null) {
                throw new IllegalArgumentException("variant must be SEED, PAPER or TORCHVISION, got null");
            }
            checkVariantOptions();
            return new AlexNetBlock(spec());
        }

        /** Resolves the options: each one not given takes the variant's value. */
        private AlexNetSpec spec() {
            AlexNetSpec source = AlexNetSpec.defaults(variant);
            return new AlexNetSpec(
                    variant,
                    inputShape == null ? source.channels() : inputShape[0],
                    inputShape == null ? source.height() : inputShape[1],
                    inputShape == null ? source.width() : inputShape[2],
                    filters == null ? source.filters() : list(filters),
                    kernels == null ? source.kernels() : list(kernels),
                    strides == null ? source.strides() : list(strides),
                    source.groups(),
                    pool == null ? source.pool() : new Layer.MaxPool(pool[0], pool[1]),
                    batchNorm(source.batchNorm()),
                    lrn(source.lrn()),
                    denseUnits == null ? source.denseUnits() : list(denseUnits),
                    dropout == null ? source.dropout() : dropout,
                    numClasses == null ? source.numClasses() : numClasses,
                    output);
        }

        private Layer.BatchNorm batchNorm(Layer.BatchNorm source) {
            if (source == null || Boolean.FALSE.equals(batchNorm)) {
                return null;
            }
            return batchNormParameters == null
                    ? source
                    : new Layer.BatchNorm(batchNormParameters[0], batchNormParameters[1]);
        }

        private Layer.Lrn lrn(Layer.Lrn source) {
            if (source == null) {
                return null;
            }
            Layer.Lrn values = lrnParameters == null ? source : lrnParameters;
            return new Layer.Lrn(values.size(), values.k(), values.alpha(), values.beta(),
                    lrnScaling == null ? source.scaling() : lrnScaling);
        }

        private void checkVariantOptions() {
            if (!variant.takesLayerOptions()) {
                onlyFor(Variant.SEED, "optKernelSizes", kernels);
                onlyFor(Variant.SEED, "optStrides", strides);
                onlyFor(Variant.SEED, "optPool", pool);
                onlyFor(Variant.SEED, "optBatchNorm", batchNorm);
                onlyFor(Variant.SEED, "optBatchNormParameters", batchNormParameters);
            }
            if (!variant.hasLrn()) {
                onlyFor(Variant.PAPER, "optLrnScaling", lrnScaling);
                onlyFor(Variant.PAPER, "optLrnParameters", lrnParameters);
            }
        }

        private void onlyFor(Variant owner, String option, Object value) {
            if (value != null) {
                throw new IllegalArgumentException(
                        option + " applies to the " + owner + " variant only; " + variant
                                + " fixes it as its source does");
            }
        }

        private static int[] five(String what, int[] values) {
            if (values == null || values.length != 5) {
                throw new IllegalArgumentException(
                        what + ": expected 5 values (conv1 to conv5), got " + Arrays.toString(values));
            }
            return values.clone();
        }

        private static List<Integer> list(int[] values) {
            return Arrays.stream(values).boxed().toList();
        }

        private static int[] ints(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
