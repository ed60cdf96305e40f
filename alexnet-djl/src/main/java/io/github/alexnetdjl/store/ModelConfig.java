package io.github.alexnetdjl.store;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What is needed to rebuild a network and feed it: the variant, the input shape, the number of classes, the
 * builder's size overrides (for narrow networks) and the preprocessing. Stored as {@code config.json}:
 *
 * <pre>{@code
 * {"variant": "seed", "inputShape": [3, 64, 64], "numClasses": 8,
 *  "filters": [16, 32, 48, 48, 32], "denseUnits": [128, 128], "batchNorm": true, "dropout": 0.5,
 *  "resize": 73, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
 * }</pre>
 *
 * <p>{@code filters}, {@code denseUnits}, {@code batchNorm} and {@code dropout} are optional: absent means
 * the variant's own value.
 *
 * <p>Reading and building refuse values outside {@link SizeLimits} (input sides, resize, filters, dense
 * units, classes, and each layer's weight count), non-finite means and standard deviations, and an input
 * too small for the network, with a message naming the field and the allowed range.
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

    private String variant;
    private int[] inputShape;
    private int numClasses;
    private int[] filters;
    private int[] denseUnits;
    private Boolean batchNorm;
    private Float dropout;
    private int resize;
    private float[] mean;
    private float[] std;

    private ModelConfig() {}

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
        b.config = copy(this);
        b.resizeSet = true;
        return b;
    }

    /**
     * Returns a builder for the network this configuration describes, output softmax. This is the only place
     * that maps a variant name to a network.
     *
     * @return the block's builder, ready to build or to adjust further
     */
    public AlexNetBlock.Builder blockBuilder() {
        AlexNetBlock.Builder builder = AlexNetBlock.builder().optVariant(Variant.parse(variant));
        builder.optInputShape(inputShape[0], inputShape[1], inputShape[2]).optNumClasses(numClasses);
        if (filters != null) {
            builder.optFilters(filters);
        }
        if (denseUnits != null) {
            builder.optDenseUnits(denseUnits[0], denseUnits[1]);
        }
        if (batchNorm != null) {
            builder.optBatchNorm(batchNorm);
        }
        if (dropout != null) {
            builder.optDropout(dropout);
        }
        return builder;
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
     * Returns the variant's name, e.g. {@code seed}.
     *
     * @return the variant
     */
    public String getVariant() {
        return variant;
    }

    /**
     * Returns the input shape of one image, {channels, height, width}.
     *
     * @return a copy of the input shape
     */
    public int[] getInputShape() {
        return inputShape.clone();
    }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes
     */
    public int getNumClasses() {
        return numClasses;
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
     * Writes this configuration as JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException naming the field, when the text is not JSON or a value is missing or
     *     invalid
     */
    public static ModelConfig fromJson(String json) {
        ModelConfig read;
        try {
            read = GSON.fromJson(json, ModelConfig.class);
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
        return read.validate();
    }

    private ModelConfig validate() {
        if (variant == null || !VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("variant: expected one of " + VARIANTS + ", got " + variant);
        }
        if (inputShape == null || inputShape.length != 3) {
            throw new IllegalArgumentException(
                    "inputShape: expected [channels, height, width], got " + Arrays.toString(inputShape));
        }
        inRange("inputShape's channels", inputShape[0], 1, SizeLimits.MAX_CHANNELS);
        inRange("inputShape's height", inputShape[1], 1, SizeLimits.MAX_INPUT_SIDE);
        inRange("inputShape's width", inputShape[2], 1, SizeLimits.MAX_INPUT_SIDE);
        inRange("numClasses", numClasses, 1, SizeLimits.MAX_CLASSES);
        if (filters != null) {
            count("filters", filters, 5, "[conv1, conv2, conv3, conv4, conv5]");
            for (int f : filters) {
                inRange("filters", f, 1, SizeLimits.MAX_FILTERS);
            }
        }
        if (denseUnits != null) {
            count("denseUnits", denseUnits, 2, "[fc6, fc7]");
            for (int units : denseUnits) {
                inRange("denseUnits", units, 1, SizeLimits.MAX_DENSE_UNITS);
            }
        }
        if (dropout != null && !(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout: expected a rate in [0, 1), got " + dropout);
        }
        inRange("resize", resize, Math.min(inputShape[1], inputShape[2]), SizeLimits.MAX_RESIZE);
        if (mean == null || std == null || mean.length != inputShape[0] || std.length != inputShape[0]) {
            throw new IllegalArgumentException(
                    "mean and std: expected one value per channel ("
                            + inputShape[0]
                            + "), got "
                            + Arrays.toString(mean)
                            + " and "
                            + Arrays.toString(std));
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Float.isFinite(mean[i]) || !(std[i] > 0f) || !Float.isFinite(std[i])) {
                throw new IllegalArgumentException(
                        "mean and std: expected finite means and finite positive standard deviations, got "
                                + Arrays.toString(mean) + " and " + Arrays.toString(std));
            }
        }
        checkLayerSizes();
        return this;
    }

    private static void inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s: expected %d to %d, got %d", field, min, max, value));
        }
    }

    private static void count(String field, int[] values, int expected, String layout) {
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    field + ": expected " + expected + " values " + layout + ", got " + Arrays.toString(values));
        }
    }

    /**
     * Each field is bounded, but fc6's weight also grows with the input's area: the network must stay one
     * whose every layer fits the tensor limit. Only shapes are computed; nothing is allocated.
     */
    private void checkLayerSizes() {
        AlexNetBlock block = newBlock();
        Shape shape = block.getInputShape(1);
        for (String stage : AlexNetBlock.STAGES) {
            for (Pair<String, Block> layer : block.get(stage).getChildren()) {
                Shape out = layer.getValue().getOutputShapes(new Shape[] {shape})[0];
                long weights = weights(layer.getValue(), shape, out);
                if (weights > SizeLimits.MAX_TENSOR_ELEMENTS) {
                    throw new IllegalArgumentException(
                            String.format(
                                    Locale.ROOT,
                                    "%s.%s would have %,d weights for the input %dx%d, more than the limit of"
                                            + " %,d per tensor; lower the input size, filters or dense units",
                                    stage,
                                    layer.getKey(),
                                    weights,
                                    inputShape[1],
                                    inputShape[2],
                                    SizeLimits.MAX_TENSOR_ELEMENTS));
                }
                shape = out;
            }
        }
    }

    private static long weights(Block layer, Shape in, Shape out) {
        if (layer instanceof Convolution conv) {
            long perFilter = Math.multiplyExact(in.get(1) / conv.getGroups(), conv.getKernelShape().size());
            return Math.multiplyExact(conv.getFilters(), perFilter);
        }
        if (layer instanceof Linear) {
            return Math.multiplyExact(in.get(in.dimension() - 1), out.get(out.dimension() - 1));
        }
        return 0;
    }

    private static ModelConfig copy(ModelConfig from) {
        return GSON.fromJson(GSON.toJson(from), ModelConfig.class);
    }

    @Override
    public String toString() {
        return GSON.toJson(this);
    }

    /** Builds a {@link ModelConfig}. */
    public static final class Builder {

        private ModelConfig config = new ModelConfig();
        private boolean resizeSet;

        private Builder() {
            config.variant = "seed";
            config.inputShape = new int[] {3, 224, 224};
            config.numClasses = 1000;
            config.mean = IMAGENET_MEAN.clone();
            config.std = IMAGENET_STD.clone();
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
            config.variant = variant;
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
            config.inputShape = new int[] {channels, height, width};
            return this;
        }

        /**
         * Sets the number of classes; default 1000.
         *
         * @param numClasses the number of classes
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            config.numClasses = numClasses;
            return this;
        }

        /**
         * Overrides the variant's five filter counts.
         *
         * @param filters five counts, conv1 first
         * @return this builder
         */
        public Builder optFilters(int... filters) {
            config.filters = filters.clone();
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
            config.denseUnits = new int[] {fc6, fc7};
            return this;
        }

        /**
         * Overrides whether the variant has BatchNorm after conv1 and conv2.
         *
         * @param batchNorm whether there is BatchNorm
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            config.batchNorm = batchNorm;
            return this;
        }

        /**
         * Overrides the variant's dropout rate.
         *
         * @param dropout the rate
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            config.dropout = dropout;
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
            config.resize = resize;
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
            config.mean = mean.clone();
            config.std = std.clone();
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field that is invalid
         */
        public ModelConfig build() {
            ModelConfig built = copy(config);
            if (!resizeSet && built.inputShape != null && built.inputShape.length == 3) {
                built.resize = defaultResize(built.inputShape[1]);
            }
            return built.validate();
        }
    }
}
