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
 * distinct sizes. The horizontal pass's rows go into a per-thread scratch buffer (kept up to 8 MB, enough to
 * take a 4:3 photo with a shorter side of about 2,000 pixels to 256), so besides the output an image
 * allocates only one row of sums.
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

    /** The largest scratch buffer a thread keeps, in ints; larger ones are garbage after their image. */
    private static final int MAX_KEPT_SCRATCH = 1 << 21;

    private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[0]);

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
        byte[] out = new byte[width * height * 3];
        int rowLength = 3 * width;
        Weights rows = height != in.height() ? weights(in.height(), height) : null;
        // Only the source rows some output row reads are resampled horizontally.
        int firstRow = rows == null ? 0 : rows.first()[0];
        int endRow = rows == null ? height : rows.first()[height - 1] + rows.taps();
        int[] middle = scratch(rowLength * (endRow - firstRow));
        if (width != in.width()) {
            horizontal(in, firstRow, endRow, weights(in.width(), width), middle);
        } else {
            copy(in, firstRow, endRow, middle);
        }
        if (rows != null) {
            vertical(middle, rowLength, rows, firstRow, out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) middle[i];
            }
        }
        return new DecodedImage(width, height, out);
    }

    /**
     * Rows {@code [firstRow, endRow)} of the source, resampled along x into packed RGB rows of {@code out},
     * rounded and clipped to bytes as Pillow's intermediate image is; kept as ints for the vertical pass.
     */
    private static void horizontal(Pixels in, int firstRow, int endRow, Weights w, int[] out) {
        if (w.taps() == UNROLLED_TAPS) {
            horizontalFourTaps(in, firstRow, endRow, w, out);
            return;
        }
        byte[] data = in.data();
        int stride = in.pixelStride();
        int red = in.red();
        int green = in.green();
        int blue = in.blue();
        int[] first = w.first();
        int[] k = w.weights();
        int taps = w.taps();
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int row = in.offset() + y * in.rowStride();
            for (int x = 0; x < first.length; x++) {
                int p = row + first[x] * stride;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int j = x * taps, end = j + taps; j < end; j++, p += stride) {
                    int weight = k[j];
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
     * {@link #horizontal} for windows of exactly four pixels, written out: fixed offsets let the JIT check
     * the array bounds once per output pixel rather than per read, about a third faster.
     */
    private static void horizontalFourTaps(Pixels in, int firstRow, int endRow, Weights w, int[] out) {
        byte[] data = in.data();
        int s1 = in.pixelStride();
        int s2 = 2 * s1;
        int s3 = 3 * s1;
        int[] first = w.first();
        int[] k = w.weights();
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int row = in.offset() + y * in.rowStride();
            for (int x = 0; x < first.length; x++) {
                int p = row + first[x] * s1;
                int j = 4 * x;
                int w0 = k[j];
                int w1 = k[j + 1];
                int w2 = k[j + 2];
                int w3 = k[j + 3];
                int r = p + in.red();
                int g = p + in.green();
                int b = p + in.blue();
                out[o] = clip(HALF + (data[r] & 0xff) * w0 + (data[r + s1] & 0xff) * w1
                        + (data[r + s2] & 0xff) * w2 + (data[r + s3] & 0xff) * w3);
                out[o + 1] = clip(HALF + (data[g] & 0xff) * w0 + (data[g + s1] & 0xff) * w1
                        + (data[g + s2] & 0xff) * w2 + (data[g + s3] & 0xff) * w3);
                out[o + 2] = clip(HALF + (data[b] & 0xff) * w0 + (data[b + s1] & 0xff) * w1
                        + (data[b + s2] & 0xff) * w2 + (data[b + s3] & 0xff) * w3);
                o += 3;
            }
        }
    }

    /**
     * Packed RGB rows of {@code rowLength} values resampled along y into {@code out}; row 0 of
     * {@code in} is row {@code shift} of the weights (the rows before it were never resampled horizontally).
     *
     * <p>Each output row accumulates whole source rows: the inner loop runs through ints in memory order,
     * which the JIT turns into vector instructions; the integer sums are exact, so the order does not change
     * the result.
     */
    private static void vertical(int[] in, int rowLength, Weights w, int shift, byte[] out) {
        int[] sums = new int[rowLength]; // one row: a few kB
        int[] first = w.first();
        int[] k = w.weights();
        for (int y = 0; y < first.length; y++) {
            Arrays.fill(sums, HALF);
            int base = y * w.taps();
            for (int j = 0; j < w.taps(); j++) {
                int weight = k[base + j];
                if (weight == 0) {
                    continue; // padding: a whole row of multiplications by zero
                }
                int row = (first[y] - shift + j) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    sums[i] += in[row + i] * weight;
                }
            }
            // Pillow clips here too, for filters with negative lobes. The triangle has none: the weights are
            // non-negative and round to at most 2^22 + taps / 2 in all, so a sum of bytes never passes 255.5
            // and the shift alone is the clip; without the comparisons the JIT vectorizes this loop.
            int o = y * rowLength;
            for (int i = 0; i < rowLength; i++) {
                out[o + i] = (byte) (sums[i] >> PRECISION_BITS);
            }
        }
    }

    /** Rows {@code [firstRow, endRow)} of the source as packed RGB ints, for a resize that keeps the width. */
    private static void copy(Pixels in, int firstRow, int endRow, int[] out) {
        byte[] data = in.data();
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int p = in.offset() + y * in.rowStride();
            for (int x = 0; x < in.width(); x++, p += in.pixelStride()) {
                out[o++] = data[p + in.red()] & 0xff;
                out[o++] = data[p + in.green()] & 0xff;
                out[o++] = data[p + in.blue()] & 0xff;
            }
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

    private static int[] scratch(int length) {
        int[] buffer = ROWS.get();
        if (buffer.length >= length) {
            return buffer;
        }
        buffer = new int[length];
        if (length <= MAX_KEPT_SCRATCH) {
            ROWS.set(buffer);
        }
        return buffer;
    }
}
