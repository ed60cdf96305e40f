package io.github.alexnetdjl.store;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Layer;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code config.json} field by field, as Gson reads and writes it: null (or 0) where a file leaves a field out,
 * which {@link #toConfig()} fills with the variant's own value, so that files written before a field existed
 * still load as the network they described. Every value is checked against {@link SizeLimits} before anything
 * is built from it, with a message naming the field.
 */
final class ConfigJson {

    private static final String SOFTMAX = "softmax";
    private static final List<String> SCALINGS =
            Arrays.stream(LocalResponseNormalization.Scaling.values()).map(ConfigJson::lowerCase).toList();

    String variant;
    int[] inputShape;
    int numClasses;
    int[] filters;
    int[] kernels;
    int[] strides;
    int[] groups;
    Pool pool;
    Boolean batchNorm;
    BatchNorm batchNormParameters;
    Lrn lrn;
    int[] denseUnits;
    Float dropout;
    String output;
    int resize;
    float[] mean;
    float[] std;

    /** The max-pool's fields. */
    static final class Pool {
        Integer size;
        Integer stride;
    }

    /** BatchNorm's fields. */
    static final class BatchNorm {
        Float epsilon;
        Float momentum;
    }

    /** The LRN's fields. */
    static final class Lrn {
        Integer size;
        Float k;
        Float alpha;
        Float beta;
        String scaling;
    }

    /** Every field of a configuration, as {@link ModelConfig#toJson()} writes it. */
    static ConfigJson of(ModelConfig config) {
        ConfigJson json = new ConfigJson();
        json.setSpec(config.getSpec());
        json.resize = config.getResize();
        json.mean = config.getMean();
        json.std = config.getStd();
        return json;
    }

    /** Sets the network's fields to a spec's values; the output is always the softmax. */
    void setSpec(AlexNetSpec spec) {
        variant = lowerCase(spec.variant());
        inputShape = new int[] {spec.channels(), spec.height(), spec.width()};
        numClasses = spec.numClasses();
        filters = ints(spec.filters());
        kernels = ints(spec.kernels());
        strides = ints(spec.strides());
        groups = ints(spec.groups());
        pool = new Pool();
        pool.size = spec.pool().size();
        pool.stride = spec.pool().stride();
        batchNorm = spec.batchNorm() != null;
        batchNormParameters = null;
        if (spec.batchNorm() != null) {
            batchNormParameters = new BatchNorm();
            batchNormParameters.epsilon = spec.batchNorm().epsilon();
            batchNormParameters.momentum = spec.batchNorm().momentum();
        }
        lrn = null;
        if (spec.lrn() != null) {
            lrn = new Lrn();
            lrn.size = spec.lrn().size();
            lrn.k = spec.lrn().k();
            lrn.alpha = spec.lrn().alpha();
            lrn.beta = spec.lrn().beta();
            lrn.scaling = lowerCase(spec.lrn().scaling());
        }
        denseUnits = ints(spec.denseUnits());
        dropout = spec.dropout();
        output = SOFTMAX;
    }

    /**
     * Checks every field and builds the configuration, missing network fields taking the variant's values.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    ModelConfig toConfig() {
        if (variant == null || !ModelConfig.VARIANTS.contains(variant)) {
            throw new IllegalArgumentException(
                    "variant: expected one of " + ModelConfig.VARIANTS + ", got " + variant);
        }
        if (inputShape == null || inputShape.length != 3) {
            throw new IllegalArgumentException(
                    "inputShape: expected [channels, height, width], got " + Arrays.toString(inputShape));
        }
        inRange("inputShape's channels", inputShape[0], 1, SizeLimits.MAX_CHANNELS);
        inRange("inputShape's height", inputShape[1], 1, SizeLimits.MAX_INPUT_SIDE);
        inRange("inputShape's width", inputShape[2], 1, SizeLimits.MAX_INPUT_SIDE);
        inRange("numClasses", numClasses, 1, SizeLimits.MAX_CLASSES);
        convolutionValues("filters", filters, SizeLimits.MAX_FILTERS);
        convolutionValues("kernels", kernels, SizeLimits.MAX_INPUT_SIDE);
        convolutionValues("strides", strides, SizeLimits.MAX_INPUT_SIDE);
        convolutionValues("groups", groups, SizeLimits.MAX_FILTERS);
        if (pool != null) {
            inRange("pool.size", pool.size, SizeLimits.MAX_INPUT_SIDE);
            inRange("pool.stride", pool.stride, SizeLimits.MAX_INPUT_SIDE);
        }
        if (lrn != null) {
            inRange("lrn.size", lrn.size, SizeLimits.MAX_FILTERS);
            finite("lrn.k", lrn.k);
            finite("lrn.alpha", lrn.alpha);
            finite("lrn.beta", lrn.beta);
            if (lrn.scaling != null && !SCALINGS.contains(lrn.scaling)) {
                throw new IllegalArgumentException("lrn.scaling: expected one of " + SCALINGS + ", got " + lrn.scaling);
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
        if (output != null && !output.equals(SOFTMAX)) {
            throw new IllegalArgumentException("output: expected " + SOFTMAX
                    + " (a model directory holds the network with its softmax), got " + output);
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
        AlexNetSpec spec = spec();
        checkLayerSizes(spec);
        return new ModelConfig(spec, resize, mean.clone(), std.clone());
    }

    /**
     * Each field is bounded, but fc6's weight also grows with the input's area: the network must stay one
     * whose every layer fits the tensor limit. Only shapes are computed; nothing is allocated.
     */
    private static void checkLayerSizes(AlexNetSpec spec) {
        for (Layer layer : spec.layers()) {
            if (layer.weights() > SizeLimits.MAX_TENSOR_ELEMENTS) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "%s would have %,d weights for the input %dx%d, more than the limit of %,d per"
                                        + " tensor; lower the input size, filters or dense units",
                                layer.path(),
                                layer.weights(),
                                spec.height(),
                                spec.width(),
                                SizeLimits.MAX_TENSOR_ELEMENTS));
            }
        }
    }

    /** The network the fields describe; each field a file leaves out is the variant's. */
    private AlexNetSpec spec() {
        AlexNetSpec source = AlexNetSpec.defaults(Variant.parse(variant));
        return new AlexNetSpec(
                source.variant(),
                inputShape[0],
                inputShape[1],
                inputShape[2],
                filters == null ? source.filters() : list(filters),
                kernels == null ? source.kernels() : list(kernels),
                strides == null ? source.strides() : list(strides),
                groups == null ? source.groups() : list(groups),
                pool == null ? source.pool() : new Layer.MaxPool(
                        or(pool.size, source.pool().size()), or(pool.stride, source.pool().stride())),
                batchNorm(source.batchNorm()),
                lrn(source.lrn()),
                denseUnits == null ? source.denseUnits() : list(denseUnits),
                dropout == null ? source.dropout() : dropout,
                numClasses,
                AlexNetBlock.Output.SOFTMAX);
    }

    private Layer.BatchNorm batchNorm(Layer.BatchNorm source) {
        if (batchNorm == null && batchNormParameters == null) {
            return source;
        }
        if (Boolean.FALSE.equals(batchNorm)) {
            return null;
        }
        // Keras's values, which only the notebook's network has: another variant then refuses any BatchNorm
        Layer.BatchNorm keras = AlexNetSpec.defaults(Variant.SEED).batchNorm();
        BatchNorm given = batchNormParameters == null ? new BatchNorm() : batchNormParameters;
        return new Layer.BatchNorm(or(given.epsilon, keras.epsilon()), or(given.momentum, keras.momentum()));
    }

    private Layer.Lrn lrn(Layer.Lrn source) {
        if (lrn == null) {
            return source;
        }
        // the paper's values, which only the paper's network has: another variant then refuses any LRN
        Layer.Lrn paper = AlexNetSpec.defaults(Variant.PAPER).lrn();
        return new Layer.Lrn(or(lrn.size, paper.size()), or(lrn.k, paper.k()), or(lrn.alpha, paper.alpha()),
                or(lrn.beta, paper.beta()), lrn.scaling == null ? paper.scaling()
                        : LocalResponseNormalization.Scaling.valueOf(lrn.scaling.toUpperCase(Locale.ROOT)));
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    private static void convolutionValues(String field, int[] values, int max) {
        if (values != null) {
            count(field, values, 5, "[conv1, conv2, conv3, conv4, conv5]");
            for (int value : values) {
                inRange(field, value, 1, max);
            }
        }
    }

    private static void inRange(String field, Integer value, int max) {
        if (value != null) {
            inRange(field, value, 1, max);
        }
    }

    static void inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s: expected %d to %d, got %d", field, min, max, value));
        }
    }

    private static void finite(String field, Float value) {
        if (value != null && !Float.isFinite(value)) {
            throw new IllegalArgumentException(field + ": expected a finite number, got " + value);
        }
    }

    private static void count(String field, int[] values, int expected, String layout) {
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    field + ": expected " + expected + " values " + layout + ", got " + Arrays.toString(values));
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
