package io.github.alexnetdjl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Keras 'same' padding, checked against a naive convolution written here from TensorFlow's definition. */
class SameConv2dTest {

    @Test
    void paddingSplitsAsKerasDoes() {
        // conv1 of the notebook: 224 -> ceil(224/4) = 56 needs 55*4 + 11 - 224 = 7 zeros: 3 before, 4 after
        assertArrayEquals(new int[] {3, 4}, SameConv2d.padding(224, 11, 4));
        assertArrayEquals(new int[] {2, 2}, SameConv2d.padding(27, 5, 1));
        assertArrayEquals(new int[] {1, 1}, SameConv2d.padding(13, 3, 1));
        // stride larger than the kernel needs no padding at all
        assertArrayEquals(new int[] {0, 0}, SameConv2d.padding(8, 2, 4));
        assertEquals(56, SameConv2d.outputSide(224, 4));
    }

    /**
     * Each case has odd total padding on at least one axis, so the extra zero goes bottom/right: a
     * symmetric implementation gives different numbers there.
     */
    @ParameterizedTest
    @CsvSource({
        // channels, filters, height, width, kernel, stride
        "2, 3, 22, 22, 11, 4", // 9 zeros: 4 before, 5 after
        "3, 2, 9, 10, 4, 2", // even kernel: 3 / 4 zeros
        "1, 2, 7, 6, 3, 2", // height 7: 2 zeros (1/1), width 6: 1 zero (0/1)
        "2, 2, 6, 6, 3, 1" // symmetric case stays symmetric
    })
    void matchesNaiveKerasConvolution(int channels, int filters, int height, int width, int kernel, int stride) {
        Random random = new Random(channels * 1000L + kernel);
        float[] x = randomArray(random, channels * height * width);
        float[] w = randomArray(random, filters * channels * kernel * kernel);
        float[] b = randomArray(random, filters);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SameConv2d conv = new SameConv2d(filters, kernel, stride, 1);
            Shape inShape = new Shape(1, channels, height, width);
            conv.initialize(manager, DataType.FLOAT32, inShape);
            conv.getParameters().get("weight").getArray().set(w);
            conv.getParameters().get("bias").getArray().set(b);
            NDArray input = manager.create(x, inShape);
            NDArray out =
                    conv.forward(new ParameterStore(manager, false), new NDList(input), false)
                            .singletonOrThrow();

            int outH = (height + stride - 1) / stride;
            int outW = (width + stride - 1) / stride;
            Shape expectedShape = new Shape(1, filters, outH, outW);
            assertEquals(expectedShape, out.getShape());
            assertEquals(expectedShape, conv.getOutputShapes(new Shape[] {inShape})[0]);
            float[] expected = naive(x, w, b, channels, filters, height, width, kernel, stride, outH, outW);
            assertArrayEquals(expected, out.toFloatArray(), 1e-4f);
        }
    }

    /** TensorFlow's SAME: pad_total = max((out - 1) * s + k - in, 0), pad_before = pad_total / 2. */
    private static float[] naive(
            float[] x, float[] w, float[] b, int channels, int filters, int height, int width, int k, int s,
            int outH, int outW) {
        int padTop = Math.max((outH - 1) * s + k - height, 0) / 2;
        int padLeft = Math.max((outW - 1) * s + k - width, 0) / 2;
        float[] y = new float[filters * outH * outW];
        for (int f = 0; f < filters; f++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    double sum = b[f];
                    for (int c = 0; c < channels; c++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * s + ky - padTop;
                                int ix = ox * s + kx - padLeft;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                    sum += x[(c * height + iy) * width + ix] * w[((f * channels + c) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                    y[(f * outH + oy) * outW + ox] = (float) sum;
                }
            }
        }
        return y;
    }

    private static float[] randomArray(Random random, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
