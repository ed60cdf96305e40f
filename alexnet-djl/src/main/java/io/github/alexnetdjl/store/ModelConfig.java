package io.github.alexnetdjl.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What is needed to rebuild a network and feed it: the network's whole {@link AlexNetSpec} (variant, input
 * shape, every layer's sizes, BatchNorm and LRN parameters, classes) and the preprocessing. Stored as {@code
 * config.json}:
 *
 * <pre>{@code
 * {"variant": "seed", "inputShape": [3, 64, 64], "numClasses": 8,
 *  "filters": [16, 32, 48, 48, 32], "kernels": [11, 5, 3, 3, 3], "strides": [4, 1, 1, 1, 1],
 *  "groups": [1, 1, 1, 1, 1], "pool": {"size": 3, "stride": 2},
 *  "batchNorm": true, "batchNormParameters": {"epsilon": 0.001, "momentum": 0.99},
 *  "denseUnits": [128, 128], "dropout": 0.5, "output": "softmax",
 *  "resize": 73, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
 * }</pre>
 *
 * <p>The paper's network also has {@code "lrn": {"size": 5, "k": 2.0, "alpha": 1.0E-4, "beta": 0.75,
 * "scaling": "paper"}} (or {@code "average"}). Every field but {@code variant}, {@code inputShape} and {@code
 * numClasses} is optional when reading: absent means the variant's own value, so files written before a field
 * existed load as the network they described. {@code output} can only be {@code softmax}: a model directory
 * holds the network with its softmax.
 *
 * <p>Reading and building refuse values outside {@link SizeLimits} (input sides, resize, filters, kernels,
 * strides, pool, dense units, classes, and each layer's weight count), non-finite means, standard deviations
 * and LRN constants, values a variant fixes otherwise, and an input too small for the network, with a message
 * naming the field and what was expected.
 */
public final class ModelConfig {

    /** The variants this build can rebuild. */
    public static final List<String> VARIANTS =
            Arrays.stream(Variant.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();

    /** ImageNet's per-channel mean of RGB values in [0, 1]. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet's per-channel standard deviation of RGB values in [0, 1]. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final AlexNetSpec spec;
    private final int resize;
    private final float[] mean;
    private final float[] std;

    /** Holds checked values; {@link ConfigJson#toConfig()} checks them. */
    ModelConfig(AlexNetSpec spec, int resize, float[] mean, float[] std) {
        this.spec = spec;
        this.resize = resize;
        this.mean = mean;
        this.std = std;
    }

    /**
     * Returns a builder: the seed variant, (3, 224, 224), 1000 classes, resize to 256, ImageNet's mean and
     * standard deviation.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding the demo's network: the seed variant narrowed to filters 16, 32, 48, 48, 32
     * and dense layers of 128 units, on 64 x 64 inputs (resized to 73). It learns the synthetic shapes of
     * {@link io.github.alexnetdjl.data.SyntheticImages} in seconds on a CPU, with {@code
     * TrainingOptions.demo()}; the number of classes is still to set.
     *
     * @return a new builder
     */
    public static Builder demoBuilder() {
        return builder().optInputShape(3, 64, 64).optFilters(16, 32, 48, 48, 32).optDenseUnits(128, 128);
    }

    /**
     * Returns a builder holding this configuration's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fields = ConfigJson.of(this);
        b.resizeSet = true;
        return b;
    }

    /**
     * Returns a builder for the network this configuration describes, output softmax. This is the only place
     * that maps a configuration to a network.
     *
     * @return the block's builder, ready to build or to adjust further
     */
    public AlexNetBlock.Builder blockBuilder() {
        return AlexNetBlock.builder().optSpec(spec);
    }

    /**
     * Builds the network this configuration describes, output softmax, parameters not yet initialized.
     *
     * @return the block
     */
    public AlexNetBlock newBlock() {
        return blockBuilder().build();
    }

    /**
     * Returns the network this configuration describes, output softmax: a block built from it has {@link
     * AlexNetBlock#getSpec()} equal to this.
     *
     * @return the spec
     */
    public AlexNetSpec getSpec() {
        return spec;
    }

    /**
     * Returns the variant's name, e.g. {@code seed}.
     *
     * @return the variant
     */
    public String getVariant() {
        return spec.variant().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the input shape of one image, {channels, height, width}.
     *
     * @return a copy of the input shape
     */
    public int[] getInputShape() {
        return new int[] {spec.channels(), spec.height(), spec.width()};
    }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes
     */
    public int getNumClasses() {
        return spec.numClasses();
    }

    /**
     * Returns the length images' shorter side is resized to before cropping (256 for a 224 input).
     *
     * @return the resize length in pixels
     */
    public int getResize() {
        return resize;
    }

    /**
     * Returns the per-channel mean subtracted from RGB values in [0, 1].
     *
     * @return a copy of the three means
     */
    public float[] getMean() {
        return mean.clone();
    }

    /**
     * Returns the per-channel standard deviation RGB values in [0, 1] are divided by.
     *
     * @return a copy of the three standard deviations
     */
    public float[] getStd() {
        return std.clone();
    }

    /**
     * Writes this configuration as JSON, every field of the spec included.
     *
     * @return the JSON text
     */
    public String toJson() {
        return GSON.toJson(ConfigJson.of(this));
    }

    /**
     * Reads a configuration written by {@link #toJson()}, or by an earlier version that wrote fewer fields:
     * each network field left out takes the variant's value, a missing resize the default for the input's
     * height, missing mean and std ImageNet's.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException naming the field, when the text is not JSON or a value is missing or
     *     invalid
     */
    public static ModelConfig fromJson(String json) {
        ConfigJson read;
        try {
            read = GSON.fromJson(json, ConfigJson.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("config.json is not valid JSON: " + e.getMessage(), e);
        }
        if (read == null) {
            throw new IllegalArgumentException("config.json is empty");
        }
        if (read.mean == null) {
            read.mean = IMAGENET_MEAN.clone();
        }
        if (read.std == null) {
            read.std = IMAGENET_STD.clone();
        }
        if (read.inputShape != null && read.inputShape.length == 3 && read.resize == 0) {
            read.resize = Builder.defaultResize(read.inputShape[1]);
        }
        return read.toConfig();
    }

    private static ConfigJson copy(ConfigJson from) {
        return GSON.fromJson(GSON.toJson(from), ConfigJson.class);
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Builds a {@link ModelConfig}. */
    public static final class Builder {

        private ConfigJson fields = new ConfigJson();
        private boolean resizeSet;

        private Builder() {
            fields.variant = "seed";
            fields.inputShape = new int[] {3, 224, 224};
            fields.numClasses = 1000;
            fields.mean = IMAGENET_MEAN.clone();
            fields.std = IMAGENET_STD.clone();
        }

        /**
         * The paper's ratio: a 224-pixel crop out of a 256-pixel shorter side, scaled to other sizes.
         *
         * @param side the input's height
         * @return the resize length
         */
        static int defaultResize(int side) {
            return Math.round(side * 256f / 224f);
        }

        /**
         * Sets the variant's name; default {@code seed}.
         *
         * @param variant one of {@link #VARIANTS}
         * @return this builder
         */
        public Builder optVariant(String variant) {
            fields.variant = variant;
            return this;
        }

        /**
         * Sets the input shape; default (3, 224, 224).
         *
         * @param channels the channels
         * @param height the height
         * @param width the width
         * @return this builder
         */
        public Builder optInputShape(int channels, int height, int width) {
            fields.inputShape = new int[] {channels, height, width};
            return this;
        }

        /**
         * Sets the number of classes; default 1000.
         *
         * @param numClasses the number of classes
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            fields.numClasses = numClasses;
            return this;
        }

        /**
         * Overrides the variant's five filter counts.
         *
         * @param filters five counts, conv1 first
         * @return this builder
         */
        public Builder optFilters(int... filters) {
            fields.filters = filters.clone();
            return this;
        }

        /**
         * Overrides the variant's fc6 and fc7 widths.
         *
         * @param fc6 fc6's units
         * @param fc7 fc7's units
         * @return this builder
         */
        public Builder optDenseUnits(int fc6, int fc7) {
            fields.denseUnits = new int[] {fc6, fc7};
            return this;
        }

        /**
         * Overrides whether the variant has BatchNorm after conv1 and conv2.
         *
         * @param batchNorm whether there is BatchNorm
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            fields.batchNorm = batchNorm;
            return this;
        }

        /**
         * Overrides the variant's dropout rate.
         *
         * @param dropout the rate
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            fields.dropout = dropout;
            return this;
        }

        /**
         * Overrides the variant's five kernel sides (seed only).
         *
         * @param kernels five sides, conv1 first
         * @return this builder
         */
        public Builder optKernelSizes(int... kernels) {
            fields.kernels = kernels.clone();
            return this;
        }

        /**
         * Overrides the variant's five strides (seed only).
         *
         * @param strides five strides, conv1 first
         * @return this builder
         */
        public Builder optStrides(int... strides) {
            fields.strides = strides.clone();
            return this;
        }

        /**
         * Overrides the max-pools' window and stride (seed only).
         *
         * @param size the window's side
         * @param stride the step between windows
         * @return this builder
         */
        public Builder optPool(int size, int stride) {
            fields.pool = new ConfigJson.Pool();
            fields.pool.size = size;
            fields.pool.stride = stride;
            return this;
        }

        /**
         * Overrides BatchNorm's epsilon and momentum (seed only; default Keras's 1e-3 and 0.99).
         *
         * @param epsilon added to the variance
         * @param momentum the moving statistics' decay
         * @return this builder
         */
        public Builder optBatchNormParameters(float epsilon, float momentum) {
            fields.batchNormParameters = new ConfigJson.BatchNorm();
            fields.batchNormParameters.epsilon = epsilon;
            fields.batchNormParameters.momentum = momentum;
            return this;
        }

        /**
         * Overrides how the LRN scales its sum of squares (paper only; default the paper's).
         *
         * @param scaling the LRN's scaling
         * @return this builder
         */
        public Builder optLrnScaling(LocalResponseNormalization.Scaling scaling) {
            lrnFields().scaling = scaling.name().toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Overrides the LRN's window and constants (paper only; default n = 5, k = 2, α = 1e-4, β = 0.75).
         *
         * @param size n, the channels in the window, odd
         * @param k the constant added before the power
         * @param alpha α, the scale of the sum of squares
         * @param beta β, the exponent
         * @return this builder
         */
        public Builder optLrnParameters(int size, float k, float alpha, float beta) {
            ConfigJson.Lrn lrn = lrnFields();
            lrn.size = size;
            lrn.k = k;
            lrn.alpha = alpha;
            lrn.beta = beta;
            return this;
        }

        private ConfigJson.Lrn lrnFields() {
            if (fields.lrn == null) {
                fields.lrn = new ConfigJson.Lrn();
            }
            return fields.lrn;
        }

        /**
         * Describes a network: sets the variant, input shape, classes and every layer option to a spec's values,
         * e.g. a block's {@link AlexNetBlock#getSpec()}. The output is the softmax whatever the spec's (a model
         * directory holds the network with its softmax); the preprocessing stays as it is.
         *
         * @param spec the network
         * @return this builder
         */
        public Builder optSpec(AlexNetSpec spec) {
            fields.setSpec(spec);
            return this;
        }

        /**
         * Sets the length the shorter side is resized to before cropping; default 256 scaled by the input's
         * height / 224.
         *
         * @param resize the length in pixels
         * @return this builder
         */
        public Builder optResize(int resize) {
            fields.resize = resize;
            resizeSet = true;
            return this;
        }

        /**
         * Sets the per-channel normalization; default ImageNet's.
         *
         * @param mean the means of values in [0, 1]
         * @param std the standard deviations
         * @return this builder
         */
        public Builder optNormalization(float[] mean, float[] std) {
            fields.mean = mean.clone();
            fields.std = std.clone();
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field that is invalid
         */
        public ModelConfig build() {
            ConfigJson built = copy(fields);
            if (!resizeSet && built.inputShape != null && built.inputShape.length == 3) {
                built.resize = defaultResize(built.inputShape[1]);
            }
            return built.toConfig();
        }
    }
}
