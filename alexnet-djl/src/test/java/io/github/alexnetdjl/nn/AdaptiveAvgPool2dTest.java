package io.github.alexnetdjl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adaptive average pooling against a naive loop with PyTorch's window rule. */
class AdaptiveAvgPool2dTest {

    private static float[] naive(float[] a, int planes, int h, int w, int oh, int ow) {
        float[] out = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int r0 = (int) Math.floor((double) i * h / oh);
                int r1 = (int) Math.ceil((double) (i + 1) * h / oh);
                for (int j = 0; j < ow; j++) {
                    int c0 = (int) Math.floor((double) j * w / ow);
                    int c1 = (int) Math.ceil((double) (j + 1) * w / ow);
                    double sum = 0;
                    for (int r = r0; r < r1; r++) {
                        for (int c = c0; c < c1; c++) {
                            sum += a[(p * h + r) * w + c];
                        }
                    }
                    out[(p * oh + i) * ow + j] = (float) (sum / ((r1 - r0) * (c1 - c0)));
                }
            }
        }
        return out;
    }

    private static void check(NDManager manager, int h, int w, int oh, int ow) {
        Random random = new Random(h * 31L + w);
        float[] a = new float[2 * 3 * h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
        }
        AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(oh, ow);
        Shape inShape = new Shape(2, 3, h, w);
        NDArray out = pool.forward(new ParameterStore(manager, false),
                new NDList(manager.create(a, inShape)), false).singletonOrThrow();
        assertEquals(pool.getOutputShapes(new Shape[] {inShape})[0], out.getShape());
        assertEquals(new Shape(2, 3, oh, ow), out.getShape());
        float[] expected = naive(a, 6, h, w, oh, ow);
        float[] got = out.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-6f, h + "x" + w + " element " + i);
        }
    }

    @Test
    void matchesTheNaiveLoopForShrinkingOverlappingIdentityAndRepeatingSizes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            check(manager, 13, 13, 6, 6); // overlapping windows of 3
            check(manager, 12, 7, 6, 6); // exact halves one way, overlap the other
            check(manager, 6, 6, 6, 6); // identity
            check(manager, 1, 2, 6, 6); // torchvision's AlexNet at 63x63: repeats
        }
    }

    @Test
    void rejectsEmptyOutputs() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0, 6));
    }
}
