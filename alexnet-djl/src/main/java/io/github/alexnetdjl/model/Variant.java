package io.github.alexnetdjl.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which AlexNet {@link AlexNetBlock} builds. People who say "AlexNet" mean one of three networks; each
 * preset reproduces its source exactly, including its initialization. docs/variants.md sets them side by
 * side.
 *
 * <pre>{@code
 * AlexNetBlock paper = AlexNetBlock.builder().optVariant(Variant.PAPER).build();
 * }</pre>
 */
public enum Variant {

    /**
     * The Keras notebook's network, the default: 224×224 input, Keras 'same' padding, BatchNorm instead of
     * LRN after conv1 and conv2, no channel groups, glorot_uniform weights and zero biases; 62,379,752
     * parameters (704 of them BatchNorm's moving statistics).
     */
    SEED(224, new int[] {96, 256, 384, 384, 256}),

    /**
     * Krizhevsky, Sutskever and Hinton, NIPS 2012, as published: 227×227 input, LRN after the ReLUs of conv1
     * and conv2, conv2, conv4 and conv5 in two channel groups (the paper's two GPUs), weights N(0, 0.01),
     * biases 1 in conv2, conv4, conv5, fc6 and fc7 and 0 elsewhere; 60,965,224 parameters, the count of
     * Caffe's bvlc_alexnet.
     */
    PAPER(227, new int[] {96, 256, 384, 384, 256}),

    /**
     * {@code torchvision.models.alexnet}, the layout of Krizhevsky's "One weird trick" (2014): 64 and 192
     * filters in conv1 and conv2, no LRN, no groups, an adaptive average pool to 6×6 that lets it take any
     * input of at least 63×63, dropout before fc6 and fc7, PyTorch's default initialization; 61,100,840
     * parameters, mapped one to one onto torchvision's state_dict by {@link TorchvisionKeys}.
     */
    TORCHVISION(224, new int[] {64, 192, 384, 256, 256});

    private final int defaultInputSide;
    private final int[] defaultFilters;

    Variant(int defaultInputSide, int[] defaultFilters) {
        this.defaultInputSide = defaultInputSide;
        this.defaultFilters = defaultFilters;
    }

    /**
     * Returns the side of the square input the source uses: 224, or 227 for the paper.
     *
     * @return the default input height and width
     */
    public int getDefaultInputSide() {
        return defaultInputSide;
    }

    /**
     * Returns the five convolutions' filter counts in the source, conv1 first.
     *
     * @return a copy of the filter counts
     */
    public int[] getDefaultFilters() {
        return defaultFilters.clone();
    }

    /**
     * Tells whether the kernel sizes, strides, pool and BatchNorm are options of this variant (the notebook's)
     * or fixed as its source publishes them.
     */
    boolean takesLayerOptions() {
        return switch (this) {
            case SEED -> true;
            case PAPER, TORCHVISION -> false;
        };
    }

    /** Tells whether conv1 and conv2 are followed by local response normalization (the paper's). */
    boolean hasLrn() {
        return switch (this) {
            case PAPER -> true;
            case SEED, TORCHVISION -> false;
        };
    }

    /**
     * Returns the variant of the given name, ignoring case, as the command line spells it ({@code seed},
     * {@code paper}, {@code torchvision}).
     *
     * @param name the name
     * @return the variant
     * @throws IllegalArgumentException naming the valid names when there is no such variant
     */
    public static Variant parse(String name) {
        for (Variant variant : values()) {
            if (variant.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return variant;
            }
        }
        throw new IllegalArgumentException(
                "unknown AlexNet variant '"
                        + name
                        + "'; expected one of "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
