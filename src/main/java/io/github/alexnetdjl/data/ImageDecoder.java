package io.github.alexnetdjl.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes image files with the JDK's ImageIO and resizes them so the shorter side has a given length. */
public final class ImageDecoder {

    static {
        // Never open a display, never cache decoder input on disk.
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /**
     * Reads an image file.
     *
     * @param file the file
     * @return the image
     * @throws IOException if the file cannot be read or is not an image ImageIO can decode
     */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("cannot decode " + file + ": not a JPEG, PNG, BMP or GIF image");
        }
        return image;
    }

    /**
     * Resizes an image so that its shorter side is {@code shorterSide} pixels, keeping the aspect ratio, with
     * bilinear interpolation (pixel centres aligned, as Java2D's bilinear scaling does); large reductions first
     * go in halving steps, each averaging 2×2 pixels, so no source pixel is skipped.
     *
     * <p>Works on the pixel bytes directly: Java2D's {@code drawImage} took about as long as the JPEG decode
     * itself (docs/benchmarks.md, "Data pipeline").
     *
     * @param image the image
     * @param shorterSide the target length of the shorter side
     * @return the resized image, RGB
     */
    public static DecodedImage resizeShorterSide(BufferedImage image, int shorterSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = (double) shorterSide / Math.min(w, h);
        int targetW = Math.max(shorterSide, (int) Math.round(w * scale));
        int targetH = Math.max(shorterSide, (int) Math.round(h * scale));
        if (w <= h) {
            targetW = shorterSide;
        } else {
            targetH = shorterSide;
        }
        DecodedImage current = toRgb(image);
        while (current.width() / 2 >= targetW && current.height() / 2 >= targetH) {
            current = halve(current);
        }
        if (current.width() != targetW || current.height() != targetH) {
            current = bilinear(current, targetW, targetH);
        }
        return current;
    }

    /**
     * Converts an image to RGB bytes without resizing.
     *
     * @param image the image
     * @return its pixels
     */
    public static DecodedImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && isPacked(image.getRaster(), 3, w)) {
            // what ImageIO decodes colour JPEGs into: swap B and R, no colour model per pixel
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new DecodedImage(w, h, rgb);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new DecodedImage(w, h, rgb);
    }

    /** Whether the raster is one byte array of whole pixels, row after row, blue first, with no padding. */
    private static boolean isPacked(WritableRaster raster, int pixelStride, int width) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || raster.getParent() != null
                || buffer.getNumBanks() != 1
                || buffer.getOffset() != 0) {
            return false;
        }
        int[] offsets = model.getBandOffsets();
        return model.getPixelStride() == pixelStride
                && model.getScanlineStride() == pixelStride * width
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && offsets.length == 3 && offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0;
    }

    /** Halves both sides, each target pixel the rounded mean of a 2×2 block. */
    private static DecodedImage halve(DecodedImage source) {
        int w = source.width() / 2;
        int h = source.height() / 2;
        int sourceRow = source.width() * 3;
        byte[] in = source.rgb();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int top = 2 * y * sourceRow;
            int bottom = top + sourceRow;
            int target = y * w * 3;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int s = 6 * x + c;
                    int sum = (in[top + s] & 0xff) + (in[top + s + 3] & 0xff) + (in[bottom + s] & 0xff)
                            + (in[bottom + s + 3] & 0xff);
                    out[target + 3 * x + c] = (byte) ((sum + 2) >> 2);
                }
            }
        }
        return new DecodedImage(w, h, out);
    }

    /**
     * Bilinear resampling with pixel centres aligned: target pixel {@code t} samples the source at
     * {@code (t + 0.5) * scale - 0.5}, clamped to the edge pixels.
     */
    private static DecodedImage bilinear(DecodedImage source, int w, int h) {
        int sw = source.width();
        int sh = source.height();
        int[] x0 = new int[w];
        int[] x1 = new int[w];
        float[] fx = new float[w];
        sampling(sw, w, x0, x1, fx);
        int[] y0 = new int[h];
        int[] y1 = new int[h];
        float[] fy = new float[h];
        sampling(sh, h, y0, y1, fy);
        byte[] in = source.rgb();
        byte[] out = new byte[w * h * 3];
        int sourceRow = sw * 3;
        float[] blended = new float[sourceRow];
        for (int y = 0; y < h; y++) {
            // vertical first, over whole rows (a loop the JIT vectorizes), then horizontal on the blend
            int top = y0[y] * sourceRow;
            int bottom = y1[y] * sourceRow;
            float f = fy[y];
            for (int i = 0; i < sourceRow; i++) {
                float upper = in[top + i] & 0xff;
                blended[i] = upper + f * ((in[bottom + i] & 0xff) - upper);
            }
            int target = y * w * 3;
            for (int x = 0; x < w; x++) {
                int a = 3 * x0[x];
                int b = 3 * x1[x];
                float g = fx[x];
                for (int c = 0; c < 3; c++) {
                    float left = blended[a + c];
                    out[target + 3 * x + c] = (byte) (int) (left + g * (blended[b + c] - left) + 0.5f);
                }
            }
        }
        return new DecodedImage(w, h, out);
    }

    private static void sampling(int sourceSize, int targetSize, int[] lower, int[] upper, float[] fraction) {
        double scale = (double) sourceSize / targetSize;
        for (int t = 0; t < targetSize; t++) {
            double position = Math.max(0, Math.min(sourceSize - 1, (t + 0.5) * scale - 0.5));
            lower[t] = (int) position;
            upper[t] = Math.min(sourceSize - 1, lower[t] + 1);
            fraction[t] = (float) (position - lower[t]);
        }
    }
}
