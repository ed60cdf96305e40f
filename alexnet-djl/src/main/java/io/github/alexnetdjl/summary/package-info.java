/**
 * A model summary that mirrors Keras's {@code model.summary()}: {@link io.github.alexnetdjl.summary.ModelSummary}
 * prints any DJL block, one row per layer with its Keras-style name, output shape and parameter count, in the
 * ruled text table of tf.keras 2 or the box-drawn table of Keras 3.
 */
package io.github.alexnetdjl.summary;
