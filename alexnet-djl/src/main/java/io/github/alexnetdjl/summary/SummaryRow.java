package io.github.alexnetdjl.summary;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * One layer of a summary.
 *
 * @param name the Keras-style layer name, e.g. {@code conv2d_1}
 * @param type the Keras class the layer corresponds to, e.g. {@code Conv2D}
 * @param outputs the layer's output shapes, batch axis included
 * @param inputLayer whether this is the model's input row, which Keras 2 prints as a list of shapes
 * @param params the number of scalars in the layer's parameters
 * @param hasParameters whether the layer has parameters at all
 * @param trainable whether the layer trains: it has no parameters or some of them need gradients
 */
record SummaryRow(
        String name,
        String type,
        List<Shape> outputs,
        boolean inputLayer,
        long params,
        boolean hasParameters,
        boolean trainable) {}
