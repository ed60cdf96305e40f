package io.github.alexnetdjl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.nn.LocalResponseNormalization.Scaling;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LRN against a naive loop over channels written from the paper's formula. */
class LocalResponseNormalizationTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The paper's formula, one element at a time; {@code perMean} divides α by n as Caffe does. */
    private static float[] naive(float[] a, int n, int c, int hw, int size, float k, float alpha, float beta,
            boolean perMean) {
        float[] out = new float[a.length];
        float scale = perMean ? alpha / size : alpha;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    double sum = 0;
                    for (int j = Math.max(0, ch - size / 2); j <= Math.min(c - 1, ch + size / 2); j++) {
                        double v = a[(b * c + j) * hw + p];
                        sum += v * v;
                    }
                    int i = (b * c + ch) * hw + p;
                    out[i] = (float) (a[i] / Math.pow(k + scale * sum, beta));
                }
            }
        }
        return out;
    }

    private static void check(LocalResponseNormalization lrn, int n, int c, int h, int w, float range) {
        Random random = new Random(11L * c + lrn.getSize());
        float[] a = new float[n * c * h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = (random.nextFloat() * 2 - 1) * range;
        }
        NDArray input = manager.create(a, new Shape(n, c, h, w));
        float[] got =
                lrn.forward(new ParameterStore(manager, false), new NDList(input), false)
                        .singletonOrThrow()
                        .toFloatArray();
        float[] expected =
                naive(a, n, c, h * w, lrn.getSize(), lrn.getK(), lrn.getAlpha(), lrn.getBeta(),
                        lrn.getScaling() == Scaling.AVERAGE);
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), "element " + i);
        }
    }

    /** {@code sum(lrn(a) * weights)} in double precision, the paper's formula element by element. */
    private static double weightedSum(double[] a, double[] weights, int c, int hw, int size, double k, double alpha,
            double beta) {
        double total = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                double sum = 0;
                for (int j = Math.max(0, ch - size / 2); j <= Math.min(c - 1, ch + size / 2); j++) {
                    sum += a[j * hw + p] * a[j * hw + p];
                }
                total += weights[ch * hw + p] * a[ch * hw + p] / Math.pow(k + alpha * sum, beta);
            }
        }
        return total;
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheNaiveFormula() {
        int c = 6;
        int hw = 4;
        LocalResponseNormalization lrn = LocalResponseNormalization.builder().optK(1f).optAlpha(0.1f).build();
        Random random = new Random(5);
        float[] a = new float[c * hw];
        float[] w = new float[c * hw];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 4 - 2;
            w[i] = random.nextFloat() * 2 - 1;
        }
        float[] gradient;
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = scope.create(a, new Shape(1, c, 2, 2));
            x.setRequiresGradient(true);
            NDArray y = lrn.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
            collector.backward(y.mul(scope.create(w, new Shape(1, c, 2, 2))).sum());
            gradient = x.getGradient().toFloatArray();
        }
        double[] point = new double[a.length];
        double[] weights = new double[w.length];
        for (int i = 0; i < a.length; i++) {
            point[i] = a[i];
            weights[i] = w[i];
        }
        double eps = 1e-5;
        for (int i = 0; i < a.length; i++) {
            double saved = point[i];
            point[i] = saved + eps;
            double up = weightedSum(point, weights, c, hw, lrn.getSize(), 1, 0.1, lrn.getBeta());
            point[i] = saved - eps;
            double down = weightedSum(point, weights, c, hw, lrn.getSize(), 1, 0.1, lrn.getBeta());
            point[i] = saved;
            double expected = (up - down) / (2 * eps);
            assertEquals(expected, gradient[i], 1e-4 * Math.max(1, Math.abs(expected)), "d/dx " + i);
        }
    }

    @Test
    void paperFormulaMatchesTheNaiveLoopIncludingEdgeChannels() {
        // values up to 60 make alpha * sum comparable to k, so a wrong window or scale shows
        check(LocalResponseNormalization.builder().build(), 2, 7, 3, 4, 60f);
    }

    @Test
    void caffeScalingDividesAlphaByTheWindow() {
        LocalResponseNormalization lrn =
                LocalResponseNormalization.builder().optScaling(Scaling.AVERAGE).optAlpha(1e-3f).build();
        check(lrn, 1, 6, 2, 5, 60f);
    }

    @Test
    void otherValuesAndWindowsWiderThanTheChannels() {
        check(LocalResponseNormalization.builder().optSize(3).optK(1f).optAlpha(1e-3f).optBeta(0.5f).build(),
                2, 4, 2, 2, 30f);
        check(LocalResponseNormalization.builder().optSize(7).build(), 1, 2, 3, 3, 80f);
        check(LocalResponseNormalization.builder().optSize(1).build(), 1, 3, 2, 2, 80f);
    }

    @Test
    void scalingsDifferByTheWindowSize() {
        NDArray input = manager.full(new Shape(1, 5, 1, 1), 100f);
        ParameterStore store = new ParameterStore(manager, false);
        float paper = LocalResponseNormalization.builder().build()
                .forward(store, new NDList(input), false).singletonOrThrow().getFloat(0, 2, 0, 0);
        float caffe = LocalResponseNormalization.builder().optScaling(Scaling.AVERAGE).build()
                .forward(store, new NDList(input), false).singletonOrThrow().getFloat(0, 2, 0, 0);
        // middle channel sees all 5: sum of squares 50000
        assertEquals(100 / Math.pow(2 + 1e-4 * 50000, 0.75), paper, 1e-4);
        assertEquals(100 / Math.pow(2 + 1e-4 / 5 * 50000, 0.75), caffe, 1e-4);
    }

    @Test
    void keepsTheShapeAndRejectsBadValues() {
        Shape shape = new Shape(2, 96, 55, 55);
        assertEquals(shape, LocalResponseNormalization.builder().build().getOutputShapes(new Shape[] {shape})[0]);
        IllegalArgumentException even =
                assertThrows(IllegalArgumentException.class,
                        () -> LocalResponseNormalization.builder().optSize(4).build());
        assertTrue(even.getMessage().contains("odd"), even.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalResponseNormalization.builder().optK(0f).build());
        assertThrows(IllegalArgumentException.class,
                () -> LocalResponseNormalization.builder().optScaling(null).build());
    }
}
