package io.github.alexnetdjl.summary;

/** The look of a {@link ModelSummary}: which Keras version's {@code model.summary()} it copies. */
public enum Style {
    /**
     * tf.keras 2.13 to 2.15: a ruled table 65 columns wide, long names wrapped onto following lines, parameter
     * counts without separators, sizes in {@code Byte}, {@code KB}, {@code MB}.
     */
    KERAS2,
    /**
     * Keras 3: a box-drawn table 88 columns wide, parameter counts with thousands separators, sizes in {@code
     * B}, {@code KB}, {@code MB}.
     */
    KERAS3
}
