package io.github.alexnetdjl.data;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The paper's preprocessing on {@link DecodedImage}s, producing CHW float arrays: crops (random, center and
 * the ten crops of the paper's test-time averaging), horizontal flips, the PCA colour augmentation and
 * per-channel normalization.
 *
 * <p>Pixels become floats in [0, 1] on cropping; PCA noise is added to those, and normalization comes last,
 * as {@code (value - mean) / std}. The same crops can also be taken as bytes ({@link #cropInto(DecodedImage,
 * int, int, int, int, boolean, ByteBuffer, int)}), leaving the noise and the normalization, one per-channel
 * affine map, to the device ({@link DeviceNormalization}).
 */
public final class ImageTransforms {

    /** {@code v / 255f} for every byte value: a table read instead of a float division per value, same floats. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    /** The eigenvalues of ImageNet's RGB covariance (pixels in [0, 1]), largest first. */
    public static final float[] PCA_EIGENVALUES = {0.2175f, 0.0188f, 0.0045f};

    /**
     * The eigenvectors of ImageNet's RGB covariance: row = channel (R, G, B), column = component, in the order
     * of {@link #PCA_EIGENVALUES}.
     */
    public static final float[][] PCA_EIGENVECTORS = {
        {-0.5675f, 0.7192f, 0.4009f},
        {-0.5808f, -0.0045f, -0.8140f},
        {-0.5836f, -0.6948f, 0.4203f}
    };

    private ImageTransforms() {}

    /**
     * Crops a rectangle, optionally mirrors it left to right, and returns it as CHW floats in [0, 1].
     *
     * @param image the image
     * @param x the crop's left column
     * @param y the crop's top row
     * @param width the crop's width
     * @param height the crop's height
     * @param flip whether to mirror the crop horizontally
     * @return {@code 3 * height * width} floats, channel-major
     * @throws IllegalArgumentException if the rectangle leaves the image
     */
    public static float[] crop(DecodedImage image, int x, int y, int width, int height, boolean flip) {
        float[] out = new float[3 * width * height];
        cropInto(image, x, y, width, height, flip, out, 0);
        return out;
    }

    /**
     * Crops a rectangle, optionally mirrors it, and writes it as CHW floats in [0, 1] into a larger array,
     * such as a batch, so no array per image is allocated (at 224×224 a crop is 600 kB of floats).
     *
     * @param image the image
     * @param x the crop's left column
     * @param y the crop's top row
     * @param width the crop's width
     * @param height the crop's height
     * @param flip whether to mirror the crop horizontally
     * @param out the array written into
     * @param offset where the crop's {@code 3 * height * width} floats start in {@code out}
     * @throws IllegalArgumentException if the rectangle leaves the image or the crop does not fit in {@code out}
     */
    public static void cropInto(
            DecodedImage image, int x, int y, int width, int height, boolean flip, float[] out, int offset) {
        checkCrop(image, x, y, width, height, offset, out.length, "floats");
        int plane = width * height;
        byte[] rgb = image.rgb();
        // A mirrored row is read from its last pixel backwards: one loop either way, no branch per pixel.
        int step = flip ? -3 : 3;
        for (int r = 0; r < height; r++) {
            int source = ((y + r) * image.width() + x + (flip ? width - 1 : 0)) * 3;
            int target = offset + r * width;
            for (int c = 0; c < width; c++, source += step) {
                out[target + c] = UNIT[rgb[source] & 0xff];
                out[target + plane + c] = UNIT[rgb[source + 1] & 0xff];
                out[target + 2 * plane + c] = UNIT[rgb[source + 2] & 0xff];
            }
        }
    }

    /**
     * Crops a rectangle, optionally mirrors it, and writes it as CHW bytes, the pixels unchanged, into a
     * buffer such as a batch: a quarter of the floats' size to copy to the device, where {@link
     * DeviceNormalization} turns them into the same values {@link #cropInto(DecodedImage, int, int, int, int,
     * boolean, float[], int)} and {@link #normalize} give.
     *
     * @param image the image
     * @param x the crop's left column
     * @param y the crop's top row
     * @param width the crop's width
     * @param height the crop's height
     * @param flip whether to mirror the crop horizontally
     * @param out the buffer written into (absolute puts; its position is left alone)
     * @param offset where the crop's {@code 3 * height * width} bytes start in {@code out}
     * @throws IllegalArgumentException if the rectangle leaves the image or the crop does not fit in {@code out}
     */
    public static void cropInto(
            DecodedImage image, int x, int y, int width, int height, boolean flip, ByteBuffer out, int offset) {
        checkCrop(image, x, y, width, height, offset, out.capacity(), "bytes");
        int plane = width * height;
        byte[] rgb = image.rgb();
        int step = flip ? -3 : 3;
        for (int r = 0; r < height; r++) {
            int source = ((y + r) * image.width() + x + (flip ? width - 1 : 0)) * 3;
            int target = offset + r * width;
            for (int c = 0; c < width; c++, source += step) {
                out.put(target + c, rgb[source]);
                out.put(target + plane + c, rgb[source + 1]);
                out.put(target + 2 * plane + c, rgb[source + 2]);
            }
        }
    }

    private static void checkCrop(
            DecodedImage image, int x, int y, int width, int height, int offset, int capacity, String unit) {
        if (x < 0 || y < 0 || x + width > image.width() || y + height > image.height() || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + x + ", " + y
                    + ") leaves the " + image.width() + "x" + image.height() + " image");
        }
        if (offset < 0 || offset + 3L * width * height > capacity) {
            throw new IllegalArgumentException("a " + width + "x" + height + " crop at offset " + offset
                    + " does not fit in " + capacity + " " + unit);
        }
    }

    /**
     * Returns the top-left corner of the centered crop, placed as torchvision's {@code CenterCrop} places it:
     * half the spare pixels rounded half to even (Python's {@code round}), so a spare of 119 puts the crop at
     * 60, not 59, and evaluation with imported torchvision weights sees the same pixels.
     *
     * @param image the image
     * @param width the crop's width
     * @param height the crop's height
     * @return {x, y}
     */
    public static int[] centerOrigin(DecodedImage image, int width, int height) {
        return centerOrigin(image.width(), image.height(), width, height);
    }

    /**
     * {@link #centerOrigin(DecodedImage, int, int)} for an image of the given size.
     *
     * @param imageWidth the image's width
     * @param imageHeight the image's height
     * @param width the crop's width
     * @param height the crop's height
     * @return {x, y}
     */
    public static int[] centerOrigin(int imageWidth, int imageHeight, int width, int height) {
        return new int[] {(int) Math.rint((imageWidth - width) / 2.0), (int) Math.rint((imageHeight - height) / 2.0)};
    }

    /**
     * Returns the top-left corner of a crop drawn uniformly from all positions inside the image.
     *
     * @param image the image
     * @param width the crop's width
     * @param height the crop's height
     * @param random the source of randomness
     * @return {x, y}
     */
    public static int[] randomOrigin(DecodedImage image, int width, int height, Random random) {
        return randomOrigin(image.width(), image.height(), width, height, random);
    }

    /**
     * {@link #randomOrigin(DecodedImage, int, int, Random)} for an image of the given size.
     *
     * @param imageWidth the image's width
     * @param imageHeight the image's height
     * @param width the crop's width
     * @param height the crop's height
     * @param random the source of randomness
     * @return {x, y}
     */
    public static int[] randomOrigin(int imageWidth, int imageHeight, int width, int height, Random random) {
        return new int[] {random.nextInt(imageWidth - width + 1), random.nextInt(imageHeight - height + 1)};
    }

    /**
     * Returns the paper's ten test crops: the four corner crops and the center crop, each followed by its
     * mirror image, as CHW floats in [0, 1] laid end to end.
     *
     * @param image the image
     * @param width the crops' width
     * @param height the crops' height
     * @return {@code 10 * 3 * height * width} floats
     */
    public static float[] tenCrops(DecodedImage image, int width, int height) {
        int[][] origins = tenCropOrigins(image, width, height);
        int size = 3 * width * height;
        float[] out = new float[10 * size];
        for (int i = 0; i < 5; i++) {
            cropInto(image, origins[i][0], origins[i][1], width, height, false, out, 2 * i * size);
            cropInto(image, origins[i][0], origins[i][1], width, height, true, out, (2 * i + 1) * size);
        }
        return out;
    }

    /**
     * Writes the paper's ten test crops as CHW bytes, in the order of {@link #tenCrops}.
     *
     * @param image the image
     * @param width the crops' width
     * @param height the crops' height
     * @param out the buffer written into
     * @param offset where the {@code 10 * 3 * height * width} bytes start
     */
    public static void tenCropsInto(DecodedImage image, int width, int height, ByteBuffer out, int offset) {
        int[][] origins = tenCropOrigins(image, width, height);
        int size = 3 * width * height;
        for (int i = 0; i < 5; i++) {
            cropInto(image, origins[i][0], origins[i][1], width, height, false, out, offset + 2 * i * size);
            cropInto(image, origins[i][0], origins[i][1], width, height, true, out, offset + (2 * i + 1) * size);
        }
    }

    private static int[][] tenCropOrigins(DecodedImage image, int width, int height) {
        return new int[][] {
            {0, 0}, {image.width() - width, 0}, {0, image.height() - height},
            {image.width() - width, image.height() - height}, centerOrigin(image, width, height)
        };
    }

    /**
     * Returns the paper's colour shift for given draws: {@code sum_j eigenvector_j * alpha_j * eigenvalue_j}.
     *
     * @param alpha one draw per principal component, from N(0, sigma)
     * @return the amount added to R, G and B
     */
    public static float[] pcaShift(float[] alpha) {
        float[] shift = new float[3];
        for (int channel = 0; channel < 3; channel++) {
            for (int j = 0; j < 3; j++) {
                shift[channel] += PCA_EIGENVECTORS[channel][j] * alpha[j] * PCA_EIGENVALUES[j];
            }
        }
        return shift;
    }

    /**
     * Draws the paper's PCA colour noise for one image: the amount to add to each channel of every pixel (in
     * [0, 1] units), drawing from {@code random} exactly as {@link #addPcaNoise} does.
     *
     * @param sigma the standard deviation of the draws (the paper's 0.1)
     * @param random the source of randomness
     * @return the amount added to R, G and B
     */
    public static float[] drawPcaShift(float sigma, Random random) {
        float[] alpha = {
            (float) (random.nextGaussian() * sigma), (float) (random.nextGaussian() * sigma),
            (float) (random.nextGaussian() * sigma)
        };
        return pcaShift(alpha);
    }

    /**
     * Draws the paper's PCA colour noise for one image and adds it to every pixel.
     *
     * @param chw the image, CHW floats in [0, 1], changed in place
     * @param sigma the standard deviation of the draws (the paper's 0.1)
     * @param random the source of randomness
     */
    public static void addPcaNoise(float[] chw, float sigma, Random random) {
        addPcaNoise(chw, 0, chw.length, sigma, random);
    }

    /**
     * Draws the paper's PCA colour noise for one image and adds it to every pixel of that image inside a
     * larger array, such as a batch.
     *
     * @param data the array holding the image, CHW floats in [0, 1], changed in place
     * @param offset where the image starts
     * @param length the image's {@code 3 * height * width} floats
     * @param sigma the standard deviation of the draws (the paper's 0.1)
     * @param random the source of randomness
     */
    public static void addPcaNoise(float[] data, int offset, int length, float sigma, Random random) {
        addPerChannel(data, offset, length, drawPcaShift(sigma, random));
    }

    /**
     * Adds one value per channel to every pixel.
     *
     * @param chw the image, CHW, changed in place
     * @param values one value per channel
     */
    public static void addPerChannel(float[] chw, float[] values) {
        addPerChannel(chw, 0, chw.length, values);
    }

    /**
     * Adds one value per channel to every pixel of an image inside a larger array, such as a batch.
     *
     * @param data the array holding the image, CHW, changed in place
     * @param offset where the image starts
     * @param length the image's {@code channels * height * width} floats
     * @param values one value per channel
     */
    public static void addPerChannel(float[] data, int offset, int length, float[] values) {
        int plane = length / values.length;
        for (int c = 0; c < values.length; c++) {
            int from = offset + c * plane;
            for (int i = from; i < from + plane; i++) {
                data[i] += values[c];
            }
        }
    }

    /**
     * Normalizes in place: {@code (value - mean[c]) / std[c]}.
     *
     * @param chw images, CHW, one or several laid end to end, changed in place
     * @param mean the per-channel means
     * @param std the per-channel standard deviations
     * @param pixels the pixels of one image (height * width)
     */
    public static void normalize(float[] chw, float[] mean, float[] std, int pixels) {
        int channels = mean.length;
        for (int start = 0; start < chw.length; start += channels * pixels) {
            for (int c = 0; c < channels; c++) {
                float m = mean[c];
                float inv = 1f / std[c];
                int from = start + c * pixels;
                for (int i = from; i < from + pixels; i++) {
                    chw[i] = (chw[i] - m) * inv;
                }
            }
        }
    }
}
