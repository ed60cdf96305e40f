package io.github.alexnetdjl.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files with the JDK's ImageIO and resizes them so the shorter side has a given length, with
 * Pillow's bilinear filter as torchvision's {@code Resize} does, so images reach the network as they would in
 * a torchvision pipeline.
 */
public final class ImageDecoder {

    static {
        // Never open a display, never cache decoder input on disk.
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    /**
     * One JPEG reader per thread: {@code ImageIO.read} asks every installed reader whether it can decode the
     * file, then makes a new reader, native decoder state included, for every image.
     */
    private static final ThreadLocal<ImageReader> JPEG_READERS =
            ThreadLocal.withInitial(() -> ImageIO.getImageReadersByFormatName("jpeg").next());

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
            image = decode(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("cannot decode " + file + ": not a JPEG, PNG, BMP or GIF image");
        }
        return image;
    }

    /** The image, or null when no installed reader knows the format. */
    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            if (in.read() == 0xff && in.read() == 0xd8) {
                in.seek(0);
                return readJpeg(in);
            }
        }
        return ImageIO.read(file.toFile());
    }

    private static BufferedImage readJpeg(ImageInputStream in) throws IOException {
        ImageReader reader = JPEG_READERS.get();
        BufferedImage image;
        try {
            reader.setInput(in, true, true);
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            // A reader that failed mid-file may keep its broken state; the thread gets a fresh one.
            JPEG_READERS.remove();
            reader.dispose();
            throw e;
        }
        reader.setInput(null);
        return image;
    }

    /**
     * Resizes an image so that its shorter side is {@code shorterSide} pixels as torchvision's
     * {@code transforms.Resize(shorterSide)} does on a PIL image: the longer side becomes
     * {@code int(shorterSide * longer / shorter)} (truncated), and the pixels are Pillow's bilinear resize
     * ({@link PillowBilinear}: a triangle filter that widens with the reduction, so every source pixel counts).
     * Pixels are read as PIL reads them after {@code convert("RGB")}, which torchvision's ImageFolder applies:
     * grayscale values are repeated in R, G and B, alpha is dropped.
     *
     * @param image the image
     * @param shorterSide the target length of the shorter side
     * @return the resized image, RGB
     */
    public static DecodedImage resizeShorterSide(BufferedImage image, int shorterSide) {
        if (shorterSide <= 0) {
            throw new IllegalArgumentException("expected a positive shorter side, got " + shorterSide);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int shorter = Math.min(w, h);
        int longer = (int) ((double) ((long) shorterSide * Math.max(w, h)) / shorter);
        int targetW = w <= h ? shorterSide : longer;
        int targetH = w <= h ? longer : shorterSide;
        return PillowBilinear.resize(pixels(image), targetW, targetH);
    }

    /**
     * Converts an image to RGB bytes without resizing, as PIL's {@code convert("RGB")} does: grayscale values
     * repeated in R, G and B, alpha dropped.
     *
     * @param image the image
     * @return its pixels
     */
    public static DecodedImage toRgb(BufferedImage image) {
        return PillowBilinear.resize(pixels(image), image.getWidth(), image.getHeight());
    }

    /**
     * The image's pixels, straight from its raster when they are 8-bit sRGB or gray bytes (what ImageIO
     * decodes JPEGs and most PNGs into), so no copy is made; {@code getRGB}'s colour model per pixel took a
     * third of the old resize's time (docs/benchmarks.md, "Data pipeline"). Other layouts (palettes, 16 bits,
     * packed ints, premultiplied alpha) go through {@code getRGB}.
     *
     * <p>Gray is read raw: {@code getRGB} would treat Java's gray colour space as linear and brighten it into
     * sRGB, while PIL, like every other decoder, takes a gray JPEG's values as they are.
     */
    static PillowBilinear.Pixels pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        ColorModel colors = image.getColorModel();
        if (raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && colors instanceof ComponentColorModel && !colors.isAlphaPremultiplied()
                && Arrays.stream(colors.getComponentSize()).allMatch(bits -> bits == 8)) {
            ColorSpace space = colors.getColorSpace();
            int[] bands = model.getBandOffsets();
            int offset = buffer.getOffset();
            if (space.isCS_sRGB() && colors.getNumColorComponents() == 3) {
                return new PillowBilinear.Pixels(buffer.getData(), offset, w, h, model.getPixelStride(),
                        model.getScanlineStride(), bands[0], bands[1], bands[2]);
            }
            if (space.getType() == ColorSpace.TYPE_GRAY && colors.getNumColorComponents() == 1) {
                return new PillowBilinear.Pixels(buffer.getData(), offset, w, h, model.getPixelStride(),
                        model.getScanlineStride(), bands[0], bands[0], bands[0]);
            }
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return PillowBilinear.Pixels.rgb(rgb, w, h);
    }
}
