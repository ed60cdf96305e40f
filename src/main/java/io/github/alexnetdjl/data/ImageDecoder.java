package io.github.alexnetdjl.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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
     * bilinear interpolation; large reductions go in halving steps so no source pixel is skipped.
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
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetW || current.getHeight() != targetH || current.getType() != BufferedImage.TYPE_INT_RGB) {
            current = draw(current, targetW, targetH);
        }
        return toRgb(current);
    }

    /**
     * Converts an image to RGB bytes without resizing.
     *
     * <p>The images this class draws ({@code TYPE_INT_RGB}) and the ones ImageIO decodes colour JPEGs into
     * ({@code TYPE_3BYTE_BGR}) are read straight from their pixel arrays; {@code getRGB}'s colour model per
     * pixel took a third of the resize's time (docs/benchmarks.md, "Data pipeline"). Other types go through
     * {@code getRGB}.
     *
     * @param image the image
     * @return its pixels
     */
    public static DecodedImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        WritableRaster raster = image.getRaster();
        boolean whole = raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && raster.getDataBuffer().getNumBanks() == 1
                && raster.getDataBuffer().getOffset() == 0;
        if (whole && image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getPixelStride() == 3 && model.getScanlineStride() == 3 * w
                && Arrays.equals(model.getBandOffsets(), new int[] {2, 1, 0})
                && raster.getDataBuffer() instanceof DataBufferByte buffer) {
            byte[] bgr = buffer.getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new DecodedImage(w, h, rgb);
        }
        int[] argb;
        if (whole && image.getType() == BufferedImage.TYPE_INT_RGB
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == w
                && raster.getDataBuffer() instanceof DataBufferInt buffer) {
            argb = buffer.getData();
        } else {
            argb = image.getRGB(0, 0, w, h, null, 0, w);
        }
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new DecodedImage(w, h, rgb);
    }

    private static BufferedImage draw(BufferedImage source, int w, int h) {
        BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
