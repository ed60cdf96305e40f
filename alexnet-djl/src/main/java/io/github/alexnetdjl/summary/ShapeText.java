package io.github.alexnetdjl.summary;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.StringJoiner;

/** Shapes written as Keras writes them: Python tuples with {@code None} for the batch axis. */
final class ShapeText {

    private ShapeText() {}

    /**
     * Writes one shape as a Python tuple, the first axis (the batch) and unknown axes as {@code None}:
     * {@code (None, 96, 56, 56)}, {@code (None,)}.
     */
    static String tuple(Shape shape) {
        int rank = shape.dimension();
        if (rank == 1) {
            return "(" + axis(shape, 0) + ",)";
        }
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < rank; i++) {
            joiner.add(axis(shape, i));
        }
        return joiner.toString();
    }

    /**
     * Writes one shape as Keras 3 does, its axes joined inside parentheses, with no Python trailing comma for
     * a single axis: {@code (None)}.
     */
    static String keras3(Shape shape) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < shape.dimension(); i++) {
            joiner.add(axis(shape, i));
        }
        return joiner.toString();
    }

    /** Writes a layer's outputs as Keras 3 does: one shape, or a list of shapes where there are several. */
    static String keras3Outputs(List<Shape> shapes) {
        if (shapes.size() == 1) {
            return keras3(shapes.get(0));
        }
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        shapes.forEach(shape -> joiner.add(keras3(shape)));
        return joiner.toString();
    }

    /** Writes several shapes as a Python list of tuples: {@code [(None, 3, 224, 224)]}. */
    static String list(List<Shape> shapes) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (Shape shape : shapes) {
            joiner.add(tuple(shape));
        }
        return joiner.toString();
    }

    /** Writes a layer's outputs: one tuple, or a list of tuples where there are several. */
    static String outputs(List<Shape> shapes) {
        return shapes.size() == 1 ? tuple(shapes.get(0)) : list(shapes);
    }

    private static String axis(Shape shape, int i) {
        long size = shape.get(i);
        return i == 0 || size < 0 ? "None" : Long.toString(size);
    }
}
