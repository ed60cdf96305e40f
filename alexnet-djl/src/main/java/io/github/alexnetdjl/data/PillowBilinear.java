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
 * distinct sizes. The two passes are interleaved: each source row is resampled along x into a ring of as many
 * rows as the vertical window, just before the first output row that reads it, so the intermediate stays in
 * cache and an image allocates only its output and a few rows. A window of the output can be computed alone,
 * for a crop: each output pixel depends only on its own weights, so the window has the full resize's bytes.
 */
final class PillowBilinear {

    /** Pillow's PRECISION_BITS: 8 bits of result, 2 of headroom, the rest fraction. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private static final int HALF = 1 << (PRECISION_BITS - 1);

    /** The window size with a loop of its own: reductions up to about 1.5x and all enlargements. */
    private static final int UNROLLED_TAPS = 4;

    /** Past this many (input, output) pairs the cache starts over rather than grow without bound. */
    private static final int MAX_CACHED_TABLES = 256;

    private static final ConcurrentHashMap<Long, Weights> TABLES = new ConcurrentHashMap<>();

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
    }

    /**
     * One axis's filter: output pixel {@code i} is the weighted sum of {@code taps} input pixels from
     * {@code first[i]}, weights from {@code weights[i * taps]}.
     */
    private record Weights(int[] first, int[] weights, int taps) {}

    /**
     * Resizes to the given size.
     *
     * @param in the source pixels
     * @param width the output width
     * @param height the output height
     * @return the resized image, packed RGB
     */
    static DecodedImage resize(Pixels in, int width, int height) {
        return resize(in, width, height, 0, 0, width, height);
    }

    /**
     * Resizes to the given size and keeps one window of the result, computing only that window: each output
     * pixel depends on its own weights alone, so the window's bytes are those of the full resize, while a
     * 224 crop of a 341×256 image costs about 60 % of resizing all of it.
     *
     * @param in the source pixels
     * @param width the width of the full resized image
     * @param height the height of the full resized image
     * @param left the window's first column in the resized image
     * @param top the window's first row in the resized image
     * @param windowWidth the window's width
     * @param windowHeight the window's height
     * @return the window, packed RGB
     * @throws IllegalArgumentException if the window is empty or reaches outside the resized image
     */
    static DecodedImage resize(Pixels in, int width, int height, int left, int top, int windowWidth,
            int windowHeight) {
        if (windowWidth <= 0 || windowHeight <= 0 || left < 0 || top < 0 || left + windowWidth > width
                || top + windowHeight > height) {
            throw new IllegalArgumentException("expected a window inside the resized " + width + "x" + height
                    + " image, got " + windowWidth + "x" + windowHeight + " at (" + left + ", " + top + ")");
        }
        byte[] out = new byte[windowWidth * windowHeight * 3];
        int rowLength = 3 * windowWidth;
        Weights columns = width != in.width() ? weights(in.width(), width) : null;
        if (height == in.height()) {
            int[] row = new int[rowLength];
            for (int y = 0; y < windowHeight; y++) {
                sourceRow(in, top + y, columns, left, windowWidth, row, 0);
                for (int i = 0; i < rowLength; i++) {
                    out[y * rowLength + i] = (byte) row[i];
                }
            }
            return new DecodedImage(windowWidth, windowHeight, out);
        }
        Weights rows = weights(in.height(), height);
        int taps = rows.taps();
        int[] first = rows.first();
        int[] k = rows.weights();
        // The source rows the current output row reads, resampled along x, at (row % taps) * rowLength. Windows
        // only move down, so each source row is resampled once, just before the first output row reading it.
        int[] ring = new int[taps * rowLength];
        int[] sums = new int[rowLength];
        int next = 0;
        for (int y = top; y < top + windowHeight; y++) {
            int start = first[y];
            for (next = Math.max(next, start); next < start + taps; next++) {
                sourceRow(in, next, columns, left, windowWidth, ring, (next % taps) * rowLength);
            }
            Arrays.fill(sums, HALF);
            for (int j = 0; j < taps; j++) {
                int weight = k[y * taps + j];
                if (weight == 0) {
                    continue; // padding: a whole row of multiplications by zero
                }
                int row = ((start + j) % taps) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    sums[i] += ring[row + i] * weight;
                }
            }
            // Pillow clips here too, for filters with negative lobes. The triangle has none: the weights are
            // non-negative and round to at most 2^22 + taps / 2 in all, so a sum of bytes never passes 255.5
            // and the shift alone is the clip; without the comparisons the JIT vectorizes this loop.
            int o = (y - top) * rowLength;
            for (int i = 0; i < rowLength; i++) {
                out[o + i] = (byte) (sums[i] >> PRECISION_BITS);
            }
        }
        return new DecodedImage(windowWidth, windowHeight, out);
    }

    /**
     * Output columns {@code left} to {@code left + count - 1} of source row {@code y}, as packed RGB ints from
     * {@code out[offset]}: resampled along x, rounded and clipped to bytes as Pillow's intermediate image is,
     * or copied when {@code columns} is null (width unchanged).
     */
    private static void sourceRow(Pixels in, int y, Weights columns, int left, int count, int[] out,
            int offset) {
        byte[] data = in.data();
        int stride = in.pixelStride();
        int red = in.red();
        int green = in.green();
        int blue = in.blue();
        int p = in.offset() + y * in.rowStride();
        if (columns == null) {
            p += left * stride;
            for (int x = 0, o = offset; x < count; x++, p += stride, o += 3) {
                out[o] = data[p + red] & 0xff;
                out[o + 1] = data[p + green] & 0xff;
                out[o + 2] = data[p + blue] & 0xff;
            }
        } else if (columns.taps() == UNROLLED_TAPS) {
            fourTaps(data, p, stride, red, green, blue, columns, left, count, out, offset);
        } else {
            int[] first = columns.first();
            int[] k = columns.weights();
            int taps = columns.taps();
            for (int x = left, o = offset; x < left + count; x++, o += 3) {
                int q = p + first[x] * stride;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int j = x * taps, end = j + taps; j < end; j++, q += stride) {
                    int weight = k[j];
                    r += (data[q + red] & 0xff) * weight;
                    g += (data[q + green] & 0xff) * weight;
                    b += (data[q + blue] & 0xff) * weight;
                }
                out[o] = clip(r);
                out[o + 1] = clip(g);
                out[o + 2] = clip(b);
            }
        }
    }

    /**
     * {@link #sourceRow} for windows of exactly four pixels, written out: fixed offsets let the JIT check the
     * array bounds once per output pixel rather than per read, about a third faster.
     */
    private static void fourTaps(byte[] data, int p, int s1, int red, int green, int blue, Weights columns,
            int left, int count, int[] out, int offset) {
        int s2 = 2 * s1;
        int s3 = 3 * s1;
        int[] first = columns.first();
        int[] k = columns.weights();
        for (int x = left, o = offset; x < left + count; x++, o += 3) {
            int q = p + first[x] * s1;
            int j = 4 * x;
            int w0 = k[j];
            int w1 = k[j + 1];
            int w2 = k[j + 2];
            int w3 = k[j + 3];
            int r = q + red;
            int g = q + green;
            int b = q + blue;
            // No clip: as in the vertical pass, non-negative weights keep the sum of bytes within a byte.
            out[o] = (HALF + (data[r] & 0xff) * w0 + (data[r + s1] & 0xff) * w1
                    + (data[r + s2] & 0xff) * w2 + (data[r + s3] & 0xff) * w3) >> PRECISION_BITS;
            out[o + 1] = (HALF + (data[g] & 0xff) * w0 + (data[g + s1] & 0xff) * w1
                    + (data[g + s2] & 0xff) * w2 + (data[g + s3] & 0xff) * w3) >> PRECISION_BITS;
            out[o + 2] = (HALF + (data[b] & 0xff) * w0 + (data[b + s1] & 0xff) * w1
                    + (data[b + s2] & 0xff) * w2 + (data[b + s3] & 0xff) * w3) >> PRECISION_BITS;
        }
    }

    /** Pillow's clip8: the fixed-point sum's integer part, clamped to a byte. */
    private static int clip(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
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
        int most = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[out];
        int[] count = new int[out];
        double[][] w = new double[out][most];
        double inverse = 1.0 / filterScale;
        int taps = 0;
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max(0, (int) (center - support + 0.5));
            int n = Math.min(in, (int) (center + support + 0.5)) - min;
            double total = 0.0;
            for (int j = 0; j < n; j++) {
                w[i][j] = triangle((j + min - center + 0.5) * inverse);
                total += w[i][j];
            }
            for (int j = 0; j < n; j++) {
                if (total != 0.0) {
                    w[i][j] /= total;
                }
            }
            first[i] = min;
            count[i] = n;
            taps = Math.max(taps, n);
        }
        // Every window padded to the same number of taps with zero weights, shifted left where it would pass
        // the last pixel, so the loops have one trip count; reductions up to 1.5x (most photos to 256) fit in
        // four, which has its own unrolled loop.
        if (taps < UNROLLED_TAPS && in >= UNROLLED_TAPS) {
            taps = UNROLLED_TAPS;
        }
        int[] weights = new int[out * taps];
        for (int i = 0; i < out; i++) {
            int start = Math.min(first[i], in - taps);
            for (int j = 0; j < count[i]; j++) {
                weights[i * taps + first[i] - start + j] = (int) (0.5 + w[i][j] * (1 << PRECISION_BITS));
            }
            first[i] = start;
        }
        return new Weights(first, weights, taps);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }
}
