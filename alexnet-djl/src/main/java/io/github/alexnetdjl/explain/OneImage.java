package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.features.StagedNetwork;

/** The single image an explainer takes, and the class it explains. */
final class OneImage {

    private OneImage() {}

    /**
     * Copies one image into a scope on the network's device, as a batch of one of the same data type.
     *
     * @throws IllegalArgumentException if the array is not one image of the network's input shape
     */
    static NDArray copy(NDArray image, NDManager scope, StagedNetwork network) {
        Shape expected = network.getInputShape();
        Shape shape = image.getShape().dimension() == 3 ? new Shape(1).addAll(image.getShape()) : image.getShape();
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException("expected one preprocessed image of shape " + expected.slice(1)
                    + " or " + expected + ", got " + image.getShape());
        }
        NDArray copy = image.duplicate();
        copy.attach(scope);
        return copy.reshape(shape).toDevice(network.getDevice(), false);
    }

    /** Returns an array's values as floats, whatever its floating-point type. */
    static float[] floats(NDArray array) {
        return array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                : array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /**
     * Returns the class to explain: the one asked for, or the one of the largest logit.
     *
     * @throws IllegalArgumentException if the class asked for is not one of the model's
     */
    static int classIndex(float[] logits, int requested) {
        if (requested >= logits.length || requested < -1) {
            throw new IllegalArgumentException("class index: expected -1 (the top class) or 0 to "
                    + (logits.length - 1) + ", got " + requested);
        }
        if (requested >= 0) {
            return requested;
        }
        int top = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[top]) {
                top = i;
            }
        }
        return top;
    }
}
