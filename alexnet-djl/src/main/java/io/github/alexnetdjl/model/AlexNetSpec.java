package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that defines an {@link AlexNetBlock}, resolved: the variant and every size and parameter,
 * whether the builder was given it or took the variant's default. {@link AlexNetBlock.Builder#build()}
 * resolves it once and builds the block from it; {@link AlexNetBlock#getSpec()} returns it. Two blocks with
 * equal specs compute the same function of their parameters, and {@code config.json} stores a spec
 * field by field.
 *
 * <p>{@link #layers()} lays the network out layer by layer with each layer's input and output shape, from
 * this one computation; the summary, the diagram, FLOP counts and size checks read shapes from it.
 *
 * <p>A spec is valid by construction: the constructor refuses, naming the component, sizes that are not
 * positive, lists of the wrong length, a dropout rate outside [0, 1), BatchNorm or LRN parameters out of range,
 * a variant's fixed layers changed ({@link Variant#PAPER} and {@link Variant#TORCHVISION} fix kernels, strides,
 * pool and groups as their sources do), and an input too small for every feature map to keep a pixel.
 *
 * <pre>{@code
 * AlexNetSpec spec = AlexNetBlock.builder().optVariant(Variant.PAPER).build().getSpec();
 * spec.kernels();                      // [11, 5, 3, 3, 3]
 * spec.layers().get(0).output();       // (96, 55, 55)
 * }</pre>
 *
 * @param variant which AlexNet
 * @param channels the input image's channels
 * @param height the input image's height
 * @param width the input image's width
 * @param filters the five convolutions' filter counts, conv1 first
 * @param kernels the five convolutions' kernel sides
 * @param strides the five convolutions' strides
 * @param groups the five convolutions' channel groups (the paper's two-GPU split: 1, 2, 1, 2, 2)
 * @param pool the max-pool after conv1, conv2 and conv5
 * @param batchNorm the BatchNorm after conv1 and conv2, or null where there is none
 * @param lrn the local response normalization after the ReLUs of conv1 and conv2, or null where there is none
 * @param denseUnits the widths of fc6 and fc7
 * @param dropout the dropout rate of fc6 and fc7
 * @param numClasses the width of fc8
 * @param output whether a softmax follows fc8
 */
public record AlexNetSpec(
        Variant variant,
        int channels,
        int height,
        int width,
        List<Integer> filters,
        List<Integer> kernels,
        List<Integer> strides,
        List<Integer> groups,
        Layer.MaxPool pool,
        Layer.BatchNorm batchNorm,
        Layer.Lrn lrn,
        List<Integer> denseUnits,
        float dropout,
        int numClasses,
        AlexNetBlock.Output output) {

    // conv1..conv5 of all three networks, as published
    private static final List<Integer> KERNELS = List.of(11, 5, 3, 3, 3);
    private static final List<Integer> STRIDES = List.of(4, 1, 1, 1, 1);
    private static final List<Integer> UNGROUPED = List.of(1, 1, 1, 1, 1);
    // the paper's two-GPU split: conv2, conv4 and conv5 only see the half of their input on their own GPU
    private static final List<Integer> PAPER_GROUPS = List.of(1, 2, 1, 2, 2);
    private static final Layer.MaxPool POOL = new Layer.MaxPool(3, 2);
    // Keras's epsilon and momentum; DJL's own defaults are 1e-5 and 0.9
    private static final Layer.BatchNorm KERAS_BATCH_NORM = new Layer.BatchNorm(1e-3f, 0.99f);
    // section 3.3: k = 2, n = 5, α = 1e-4, β = 0.75
    private static final Layer.Lrn PAPER_LRN =
            new Layer.Lrn(5, 2f, 1e-4f, 0.75f, LocalResponseNormalization.Scaling.PAPER);
    private static final List<Integer> DENSE_UNITS = List.of(4096, 4096);
    private static final float DROPOUT = 0.5f;
    private static final int CLASSES = 1000;

    /**
     * Checks and holds a network's definition; the lists are copied.
     *
     * @param variant which AlexNet
     * @param channels the input image's channels
     * @param height the input image's height
     * @param width the input image's width
     * @param filters the five convolutions' filter counts, conv1 first
     * @param kernels the five convolutions' kernel sides
     * @param strides the five convolutions' strides
     * @param groups the five convolutions' channel groups
     * @param pool the max-pool after conv1, conv2 and conv5
     * @param batchNorm the BatchNorm after conv1 and conv2, or null
     * @param lrn the LRN after the ReLUs of conv1 and conv2, or null
     * @param denseUnits the widths of fc6 and fc7
     * @param dropout the dropout rate of fc6 and fc7
     * @param numClasses the width of fc8
     * @param output whether a softmax follows fc8
     * @throws IllegalArgumentException naming the component, when a value is invalid, the variant fixes it
     *     otherwise, or the input is too small for the network
     */
    public AlexNetSpec(
            Variant variant,
            int channels,
            int height,
            int width,
            List<Integer> filters,
            List<Integer> kernels,
            List<Integer> strides,
            List<Integer> groups,
            Layer.MaxPool pool,
            Layer.BatchNorm batchNorm,
            Layer.Lrn lrn,
            List<Integer> denseUnits,
            float dropout,
            int numClasses,
            AlexNetBlock.Output output) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be SEED, PAPER or TORCHVISION, got null");
        }
        if (output == null) {
            throw new IllegalArgumentException("output must be SOFTMAX or LOGITS, got null");
        }
        this.variant = variant;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.filters = positive("filters", filters, 5);
        this.kernels = positive("kernels", kernels, 5);
        this.strides = positive("strides", strides, 5);
        this.groups = positive("groups", groups, 5);
        this.pool = pool;
        this.batchNorm = batchNorm;
        this.lrn = lrn;
        this.denseUnits = positive("denseUnits", denseUnits, 2);
        this.dropout = dropout;
        this.numClasses = numClasses;
        this.output = output;
        checkValues();
        checkVariant();
        Architecture.layers(this); // refuses an input too small for some layer
    }

    /**
     * Returns the network as its source defines it: the notebook's, the paper's or torchvision's AlexNet at
     * its own input size, 1000 classes, softmax output.
     *
     * @param variant which AlexNet
     * @return the source's spec
     */
    public static AlexNetSpec defaults(Variant variant) {
        int side = variant.getDefaultInputSide();
        List<Integer> filters = Arrays.stream(variant.getDefaultFilters()).boxed().toList();
        return new AlexNetSpec(variant, 3, side, side, filters, KERNELS, STRIDES, groupsOf(variant), POOL,
                variant.takesLayerOptions() ? KERAS_BATCH_NORM : null, variant.hasLrn() ? PAPER_LRN : null,
                DENSE_UNITS, DROPOUT, CLASSES, AlexNetBlock.Output.SOFTMAX);
    }

    /**
     * Returns the input shape of one image, (channels, height, width).
     *
     * @return the input shape
     */
    public Shape inputShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Lays the network out: every layer in order, conv1's convolution first and the softmax (where there is
     * one) last, each with its path in the block and its input and output shape for one image.
     *
     * @return the layers
     */
    public List<Layer> layers() {
        return Architecture.layers(this);
    }

    /**
     * Returns the layers grouped by stage, in order: conv1 … fc8, then {@code output} (the softmax) where
     * there is one.
     *
     * @return each stage's name and its layers
     */
    public Map<String, List<Layer>> stages() {
        Map<String, List<Layer>> stages = new LinkedHashMap<>();
        for (Layer layer : layers()) {
            stages.computeIfAbsent(layer.stage(), stage -> new ArrayList<>()).add(layer);
        }
        return Collections.unmodifiableMap(stages);
    }

    /**
     * Returns the layer at a path.
     *
     * @param path e.g. {@code conv1.conv}, {@code fc8.dense} or {@code output}
     * @return the layer, or empty where the network has none at that path
     */
    public Optional<Layer> layer(String path) {
        return layers().stream().filter(layer -> layer.path().equals(path)).findFirst();
    }

    /**
     * Returns the same network with another output: the logits view of a softmax network, or back.
     *
     * @param output softmax probabilities or logits
     * @return the spec with that output
     */
    public AlexNetSpec withOutput(AlexNetBlock.Output output) {
        return new AlexNetSpec(variant, channels, height, width, filters, kernels, strides, groups, pool,
                batchNorm, lrn, denseUnits, dropout, numClasses, output);
    }

    /**
     * Names the first component in which another spec differs from this one, descending into the BatchNorm,
     * LRN and pool parameters (e.g. {@code lrn.scaling}).
     *
     * @param other the spec to compare with
     * @return the first difference, or empty when the specs are equal
     */
    public Optional<Difference> differenceFrom(AlexNetSpec other) {
        return difference("", this, other);
    }

    /**
     * A component in which two specs differ.
     *
     * @param component the component's name, nested ones dotted, e.g. {@code filters} or {@code lrn.scaling}
     * @param value this spec's value (null where it has no such layer)
     * @param otherValue the other spec's value
     */
    public record Difference(String component, Object value, Object otherValue) {}

    private static Optional<Difference> difference(String prefix, Record a, Record b) {
        for (RecordComponent component : a.getClass().getRecordComponents()) {
            Object mine = read(component, a);
            Object theirs = read(component, b);
            if (Objects.equals(mine, theirs)) {
                continue;
            }
            String name = prefix + component.getName();
            if (mine instanceof Record r && theirs instanceof Record s && r.getClass() == s.getClass()) {
                return difference(name + ".", r, s);
            }
            return Optional.of(new Difference(name, mine, theirs));
        }
        return Optional.empty();
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static List<Integer> groupsOf(Variant variant) {
        return switch (variant) {
            case PAPER -> PAPER_GROUPS;
            case SEED, TORCHVISION -> UNGROUPED;
        };
    }

    private void checkValues() {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("inputShape: expected positive sides, got "
                    + Arrays.toString(new int[] {channels, height, width}));
        }
        if (pool == null || pool.size() <= 0 || pool.stride() <= 0) {
            throw new IllegalArgumentException("pool: expected a positive size and stride, got " + pool);
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses: expected a positive count, got " + numClasses);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout: expected a rate in [0, 1), got " + dropout);
        }
        if (batchNorm != null && (!(batchNorm.epsilon() > 0f)
                || !(batchNorm.momentum() >= 0f && batchNorm.momentum() <= 1f))) {
            throw new IllegalArgumentException("batchNorm: expected epsilon > 0 and momentum in [0, 1], got epsilon "
                    + batchNorm.epsilon() + ", momentum " + batchNorm.momentum());
        }
        if (lrn != null) {
            try {
                Stages.lrn(lrn); // the block's own builder holds the rules
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lrn: " + e.getMessage(), e);
            }
        }
    }

    private void checkVariant() {
        fixed("groups", groups, groupsOf(variant));
        if (!variant.takesLayerOptions()) {
            fixed("kernels", kernels, KERNELS);
            fixed("strides", strides, STRIDES);
            fixed("pool", pool, POOL);
            fixed("batchNorm", batchNorm, null);
        }
        if (variant.hasLrn() != (lrn != null)) {
            throw new IllegalArgumentException(
                    "lrn: " + variant + (lrn == null ? " normalizes conv1 and conv2 with LRN, got none"
                            : " has no LRN, got " + lrn));
        }
        if (variant == Variant.PAPER && filters.stream().anyMatch(count -> count % 2 != 0)) {
            throw new IllegalArgumentException(
                    "PAPER splits conv2, conv4 and conv5 and their inputs into 2 groups, so every filter count"
                            + " must be even, got " + filters);
        }
    }

    private void fixed(String component, Object value, Object source) {
        if (!Objects.equals(value, source)) {
            throw new IllegalArgumentException(component + ": " + variant
                    + (source == null ? " has none" : " fixes it as its source does (" + source + ")")
                    + ", got " + value);
        }
    }

    private static List<Integer> positive(String component, List<Integer> values, int count) {
        if (values == null || values.size() != count || values.stream().anyMatch(v -> v == null || v <= 0)) {
            throw new IllegalArgumentException(
                    component + ": expected " + count + " positive values, got " + values);
        }
        return List.copyOf(values);
    }
}
