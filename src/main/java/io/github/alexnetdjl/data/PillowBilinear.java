package io.github.alexnetdjl.data;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} on 8-bit RGB, the resize torchvision's
 * {@code transforms.Resize} applies to PIL images, so weights trained or imported from torchvision see the
 * pixels they were trained on.
 *
 * <p>The algorithm is Pillow's (libImaging/Resample.c): a separable triangle filter whose support widens by
 * the reduction factor, so a reduction averages every source pixel under the output pixel (antialiasing)
 * rather than sampling two. Weights are normalized per output pixel and quantized to Pillow's fixed point
 * (22 fractional bits); the horizontal pass runs first, its result rounded and clipped to bytes, then the
 * vertical pass; a pass whose dimension does not change is skipped. With the same arithmetic the output is
 * Pillow's byte for byte (ImageDecoderTest checks it against Pillow 9.4).
 *
 * <p>Weight tables depend only on the input and output lengths and are cached: photo collections have few
 * distinct sizes. The horizontal pass's rows go into a per-thread scratch buffer, so besides the output an
 * image allocates only one row of sums.
 */
final class PillowBilinear {

    /** Pillow's PRECISION_BITS: 8 bits of result, 2 of headroom, the rest fraction. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private static final int HALF = 1 << (PRECISION_BITS - 1);

    /** Past this many (input, output) pairs the cache starts over rather than grow without bound. */
    private static final int MAX_CACHED_TABLES = 256;

    private static final ConcurrentHashMap<Long, Weights> TABLES = new ConcurrentHashMap<>();

    private static final ThreadLocal<byte[]> ROWS = ThreadLocal.withInitial(() -> new byte[0]);

    private PillowBilinear() {}

    /**
     * Interleaved 8-bit pixels as they lie in a raster or a buffer.
     *
     * @param data the bytes
     * @param offset the index of pixel (0, 0)'s first byte
     * @param width the width in pixels
     * @param height the height in pixels
     * @param pixelStride bytes from one pixel to the next in a row
     * @param rowStride bytes from one row to the next
     * @param red offset of red within a pixel
     * @param green offset of green within a pixel
     * @param blue offset of blue within a pixel (all three the same for grayscale)
     */
    record Pixels(byte[] data, int offset, int width, int height, int pixelStride, int rowStride, int red, int green,
            int blue) {

        /** Packed RGB, three bytes a pixel, as {@link DecodedImage} holds them. */
        static Pixels rgb(byte[] rgb, int width, int height) {
            return new Pixels(rgb, 0, width, height, 3, 3 * width, 0, 1, 2);
        }

        private boolean packedRgb() {
            return pixelStride == 3 && red == 0 && green == 1 && blue == 2;
        }
    }

    /**
     * One axis's filter: output pixel {@code i} is the weighted sum of {@code count[i]} input pixels from
     * {@code first[i]}, weights at {@code weights[i * stride]}.
     */
    private record Weights(int[] first, int[] count, int[] weights, int stride) {}

    /**
     * Resizes to the given size.
     *
     * @param in the source pixels
     * @param width the output width
     * @param height the output height
     * @return the resized image, packed RGB
     */
    static DecodedImage resize(Pixels in, int width, int height) {
        byte[] out = new byte[width * height * 3];
        boolean horizontal = width != in.width();
        boolean vertical = height != in.height();
        if (!horizontal && !vertical) {
            copy(in, out);
        } else if (!vertical) {
            horizontal(in, 0, height, weights(in.width(), width), out);
        } else if (!horizontal) {
            vertical(in, weights(in.height(), height), 0, out);
        } else {
            Weights rows = weights(in.height(), height);
            // Only the source rows some output row reads are resampled horizontally.
            int firstRow = rows.first()[0];
            int endRow = rows.first()[height - 1] + rows.count()[height - 1];
            int rowBytes = 3 * width;
            byte[] scratch = scratch(rowBytes * (endRow - firstRow));
            horizontal(in, firstRow, endRow, weights(in.width(), width), scratch);
            Pixels middle = new Pixels(scratch, 0, width, endRow - firstRow, 3, rowBytes, 0, 1, 2);
            vertical(middle, rows, firstRow, out);
        }
        return new DecodedImage(width, height, out);
    }

    /** Rows {@code [firstRow, endRow)} of the source, resampled along x into packed RGB rows of {@code out}. */
    private static void horizontal(Pixels in, int firstRow, int endRow, Weights w, byte[] out) {
        byte[] data = in.data();
        int stride = in.pixelStride();
        int red = in.red();
        int green = in.green();
        int blue = in.blue();
        int[] first = w.first();
        int[] count = w.count();
        int[] k = w.weights();
        int outWidth = first.length;
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int row = in.offset() + y * in.rowStride();
            for (int x = 0; x < outWidth; x++) {
                int p = row + first[x] * stride;
                int base = x * w.stride();
                int n = count[x];
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int j = 0; j < n; j++, p += stride) {
                    int weight = k[base + j];
                    r += (data[p + red] & 0xff) * weight;
                    g += (data[p + green] & 0xff) * weight;
                    b += (data[p + blue] & 0xff) * weight;
                }
                out[o] = clip(r);
                out[o + 1] = clip(g);
                out[o + 2] = clip(b);
                o += 3;
            }
        }
    }

    /**
     * The source resampled along y into {@code out}; the source's row 0 is row {@code shift} of the weights
     * (the rows before it were never resampled horizontally).
     *
     * <p>Each output row accumulates whole source rows, which keeps the inner loop sequential in memory; the
     * integer sums are exact, so the order does not change the result.
     */
    private static void vertical(Pixels in, Weights w, int shift, byte[] out) {
        byte[] data = in.data();
        int width = in.width();
        int rowBytes = 3 * width;
        int[] sums = new int[rowBytes]; // one row: a few kB
        int[] first = w.first();
        int[] count = w.count();
        int[] k = w.weights();
        boolean packed = in.packedRgb();
        for (int y = 0; y < first.length; y++) {
            Arrays.fill(sums, 0, rowBytes, HALF);
            int base = y * w.stride();
            for (int j = 0; j < count[y]; j++) {
                int weight = k[base + j];
                int row = in.offset() + (first[y] - shift + j) * in.rowStride();
                if (packed) {
                    for (int i = 0; i < rowBytes; i++) {
                        sums[i] += (data[row + i] & 0xff) * weight;
                    }
                } else {
                    int stride = in.pixelStride();
                    for (int x = 0, p = row, s = 0; x < width; x++, p += stride, s += 3) {
                        sums[s] += (data[p + in.red()] & 0xff) * weight;
                        sums[s + 1] += (data[p + in.green()] & 0xff) * weight;
                        sums[s + 2] += (data[p + in.blue()] & 0xff) * weight;
                    }
                }
            }
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                out[o + i] = clip(sums[i]);
            }
        }
    }

    private static void copy(Pixels in, byte[] out) {
        byte[] data = in.data();
        int o = 0;
        for (int y = 0; y < in.height(); y++) {
            int p = in.offset() + y * in.rowStride();
            for (int x = 0; x < in.width(); x++, p += in.pixelStride()) {
                out[o++] = data[p + in.red()];
                out[o++] = data[p + in.green()];
                out[o++] = data[p + in.blue()];
            }
        }
    }

    /** Pillow's clip8: the fixed-point sum's integer part, clamped to a byte. */
    private static byte clip(int sum) {
        int v = sum >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private static Weights weights(int in, int out) {
        long key = ((long) in << 32) | out;
        Weights cached = TABLES.get(key);
        if (cached == null) {
            if (TABLES.size() >= MAX_CACHED_TABLES) {
                TABLES.clear();
            }
            cached = computeWeights(in, out);
            TABLES.put(key, cached);
        }
        return cached;
    }

    /**
     * Pillow's precompute_coeffs and normalize_coeffs_8bpc for the triangle filter, in the same double
     * arithmetic (same operations in the same order), so the rounded weights are the same integers.
     */
    private static Weights computeWeights(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // the triangle's support is 1, widened by the reduction
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[out];
        int[] count = new int[out];
        int[] weights = new int[out * stride];
        double[] w = new double[stride];
        double inverse = 1.0 / filterScale;
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max(0, (int) (center - support + 0.5));
            int n = Math.min(in, (int) (center + support + 0.5)) - min;
            double total = 0.0;
            for (int j = 0; j < n; j++) {
                w[j] = triangle((j + min - center + 0.5) * inverse);
                total += w[j];
            }
            for (int j = 0; j < n; j++) {
                double normalized = total != 0.0 ? w[j] / total : w[j];
                weights[i * stride + j] = (int) (0.5 + normalized * (1 << PRECISION_BITS));
            }
            first[i] = min;
            count[i] = n;
        }
        return new Weights(first, count, weights, stride);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    private static byte[] scratch(int length) {
        byte[] buffer = ROWS.get();
        if (buffer.length < length) {
            buffer = new byte[length];
            ROWS.set(buffer);
        }
        return buffer;
    }
}
