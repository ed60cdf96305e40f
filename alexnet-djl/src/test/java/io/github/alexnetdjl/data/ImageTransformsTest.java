package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Crops, flips, ten crops, PCA noise and normalization against values worked out by hand. */
class ImageTransformsTest {

    /** A 4x3 image whose pixel (x, y) has R = 10x + y, G = 100 + R, B = 200 - R. */
    private static DecodedImage ramp() {
        int w = 4;
        int h = 3;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 10 * x + y;
                rgb[(y * w + x) * 3] = (byte) r;
                rgb[(y * w + x) * 3 + 1] = (byte) (100 + r);
                rgb[(y * w + x) * 3 + 2] = (byte) (200 - r);
            }
        }
        return new DecodedImage(w, h, rgb);
    }

    @Test
    void cropTakesTheRectangleChannelMajor() {
        // 2x2 crop at (1, 1): R rows {11, 21}, {12, 22}.
        float[] chw = ImageTransforms.crop(ramp(), 1, 1, 2, 2, false);
        float[] expected = {
            11, 21, 12, 22, // R
            111, 121, 112, 122, // G
            189, 179, 188, 178 // B
        };
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 255f;
        }
        assertArrayEquals(expected, chw, 1e-7f);
    }

    @Test
    void flipMirrorsEachRow() {
        float[] flipped = ImageTransforms.crop(ramp(), 0, 0, 3, 2, true);
        // R of row 0 is 0, 10, 20 -> mirrored 20, 10, 0; row 1: 1, 11, 21 -> 21, 11, 1.
        float[] red = new float[6];
        System.arraycopy(flipped, 0, red, 0, 6);
        assertArrayEquals(new float[] {20 / 255f, 10 / 255f, 0, 21 / 255f, 11 / 255f, 1 / 255f}, red, 1e-7f);
    }

    @Test
    void flipMirrorsWithinTheCropAsFloatsAndBytes() {
        // 3x2 crop at (1, 1), mirrored. R rows {11, 21, 31}, {12, 22, 32} -> {31, 21, 11}, {32, 22, 12}.
        int[] red = {31, 21, 11, 32, 22, 12};
        float[] floats = ImageTransforms.crop(ramp(), 1, 1, 3, 2, true);
        ByteBuffer bytes = ByteBuffer.allocate(20);
        ImageTransforms.cropInto(ramp(), 1, 1, 3, 2, true, bytes, 2);
        for (int i = 0; i < 6; i++) {
            assertEquals(red[i] / 255f, floats[i], "R " + i);
            assertEquals(100 + red[i], floats[6 + i] * 255f, 1e-4f, "G " + i);
            assertEquals(200 - red[i], floats[12 + i] * 255f, 1e-4f, "B " + i);
            assertEquals(red[i], bytes.get(2 + i) & 0xff, "R byte " + i);
            assertEquals(100 + red[i], bytes.get(8 + i) & 0xff, "G byte " + i);
            assertEquals(200 - red[i], bytes.get(14 + i) & 0xff, "B byte " + i);
        }
    }

    @Test
    void centerOriginRoundsHalfToEvenAsTorchvision() {
        // torchvision's CenterCrop: int(round((size - crop) / 2.0)), Python rounding half to even.
        assertArrayEquals(new int[] {60, 16}, ImageTransforms.centerOrigin(blank(343, 257), 224, 224));
        assertArrayEquals(new int[] {58, 16}, ImageTransforms.centerOrigin(blank(341, 256), 224, 224));
        assertArrayEquals(new int[] {0, 2}, ImageTransforms.centerOrigin(blank(225, 227), 224, 224));
    }

    private static DecodedImage blank(int width, int height) {
        return new DecodedImage(width, height, new byte[width * height * 3]);
    }

    @Test
    void centerAndRandomOriginsStayInside() {
        assertArrayEquals(new int[] {1, 0}, ImageTransforms.centerOrigin(ramp(), 2, 3));
        assertArrayEquals(new int[] {1, 1}, ImageTransforms.centerOrigin(ramp(), 2, 1));
        Random random = new Random(1);
        boolean[] seenX = new boolean[3];
        for (int i = 0; i < 200; i++) {
            int[] o = ImageTransforms.randomOrigin(ramp(), 2, 3, random);
            assertEquals(0, o[1]);
            seenX[o[0]] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true}, seenX, "every position 0..2 is drawn");
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.crop(ramp(), 3, 0, 2, 2, false));
    }

    @Test
    void tenCropsAreCornersCenterAndMirrors() {
        float[] ten = ImageTransforms.tenCrops(ramp(), 2, 2);
        int size = 3 * 2 * 2;
        assertEquals(10 * size, ten.length);
        // First red value of each crop: top-left pixel of the crop (or of its mirror).
        float[] firstRed = new float[10];
        for (int i = 0; i < 10; i++) {
            firstRed[i] = ten[i * size] * 255f;
        }
        // Corners at (0,0), (2,0), (0,1), (2,1), center (1,0); mirrors start at the crop's right column.
        assertArrayEquals(new float[] {0, 10, 20, 30, 1, 11, 21, 31, 10, 20}, firstRed, 1e-4f);
    }

    @Test
    void pcaShiftIsEigenvectorsTimesScaledEigenvalues() {
        float[] shift = ImageTransforms.pcaShift(new float[] {1f, 0f, 0f});
        assertArrayEquals(new float[] {-0.5675f * 0.2175f, -0.5808f * 0.2175f, -0.5836f * 0.2175f}, shift, 1e-7f);
        float[] mixed = ImageTransforms.pcaShift(new float[] {0.1f, -0.2f, 0.3f});
        float red = -0.5675f * 0.1f * 0.2175f + 0.7192f * -0.2f * 0.0188f + 0.4009f * 0.3f * 0.0045f;
        float blue = -0.5836f * 0.1f * 0.2175f + -0.6948f * -0.2f * 0.0188f + 0.4203f * 0.3f * 0.0045f;
        assertEquals(red, mixed[0], 1e-7f);
        assertEquals(blue, mixed[2], 1e-7f);

        // addPcaNoise adds one shift per channel to every pixel, drawn from N(0, sigma) with the given random.
        float[] chw = new float[3 * 4];
        ImageTransforms.addPcaNoise(chw, 0.1f, new Random(9));
        Random same = new Random(9);
        float[] alpha = {(float) (same.nextGaussian() * 0.1), (float) (same.nextGaussian() * 0.1), (float) (same.nextGaussian() * 0.1)};
        float[] expected = ImageTransforms.pcaShift(alpha);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[c], chw[c * 4 + i], 0f);
            }
        }
    }

    @Test
    void normalizeSubtractsMeanAndDividesByStdPerChannel() {
        float[] chw = {0.5f, 1f, 0.2f, 0.4f, 0f, 0.9f};
        ImageTransforms.normalize(chw, new float[] {0.5f, 0.2f, 0.1f}, new float[] {0.5f, 0.1f, 0.2f}, 2);
        assertArrayEquals(new float[] {0f, 1f, 0f, 2f, -0.5f, 4f}, chw, 1e-6f);
    }
}
