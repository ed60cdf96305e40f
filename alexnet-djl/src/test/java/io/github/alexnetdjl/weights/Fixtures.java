package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixtures under src/test/resources/weights, written by tools/fixtures/generate.py, and helpers to
 * compare against them.
 */
final class Fixtures {

    private Fixtures() {}

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a numpy .npz written by the generator: the arrays by name. */
    static NDList npz(NDManager manager, String name) throws IOException {
        try (InputStream in = Files.newInputStream(path(name))) {
            return NDList.decode(manager, in);
        }
    }

    /** uint8 pixels to float32 in [0, 1], as the generator fed the frameworks (x / 255 in float32). */
    static NDArray pixels(NDArray uint8) {
        return uint8.toType(DataType.FLOAT32, false).div(255f);
    }

    static void assertClose(NDArray expected, NDArray actual, double tolerance) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));
        }
        assertTrue(max <= tolerance, "max abs difference " + max + " > " + tolerance);
    }

    /** Every parameter's values, by path, for before/after comparisons. */
    static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
