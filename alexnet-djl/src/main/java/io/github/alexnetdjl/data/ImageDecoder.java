package io.github.alexnetdjl.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files with the JDK's ImageIO and resizes them so the shorter side has a given length, with
 * Pillow's bilinear filter as torchvision's {@code Resize} does, so images reach the network as they would in
 * a torchvision pipeline.
 *
 * <p>Only regular files are opened: a named pipe or a device would block the reader or never end. A JPEG that
 * libjpeg decodes despite damage (most often a truncated file, whose missing part comes out grey) is logged
 * once per file as a warning, naming it; training, evaluation and prediction all decode through here. Images
 * of more than {@value #MAX_PIXELS} pixels are refused from their header, before their pixels are allocated.
 */
public final class ImageDecoder {

    private static final Logger logger = LoggerFactory.getLogger(ImageDecoder.class);

    /**
     * The most pixels an image may have: twice Pillow's {@code MAX_IMAGE_PIXELS}, where Pillow (and so a
     * torchvision pipeline) refuses an image as a decompression bomb. A few kilobytes of PNG or JPEG can declare
     * billions of pixels; such an image is refused from its header.
     */
    public static final long MAX_PIXELS = 2L * 89_478_485;

    /** Images whose damage was logged already: uncached training data is decoded again every epoch. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    static {
        // Never open a display, never cache decoder input on disk.
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    /** The pixels of the last colour JPEG {@link #readResized} decoded on this thread; never handed out. */
    private static final ThreadLocal<BufferedImage> SCRATCH = new ThreadLocal<>();

    /**
     * One JPEG reader per thread: {@code ImageIO.read} asks every installed reader whether it can decode the
     * file, then makes a new reader, native decoder state included, for every image.
     */
    private static final ThreadLocal<ImageReader> JPEG_READERS =
            ThreadLocal.withInitial(() -> ImageIO.getImageReadersByFormatName("jpeg").next());

    private ImageDecoder() {}

    /**
     * Reads an image file. Colour JPEGs come back as 8-bit sRGB images whose bytes lie R, G, B (a custom
     * type, not ImageIO's {@code TYPE_3BYTE_BGR}), which ImageIO fills fastest; other files as ImageIO reads
     * them.
     *
     * @param file the file
     * @return the image
     * @throws IOException if the file cannot be read or is not an image ImageIO can decode
     */
    public static BufferedImage read(Path file) throws IOException {
        return decodeOrFail(file, false);
    }

    /**
     * Decodes the bytes of an image file (JPEG, PNG, BMP or GIF) as {@link #read(Path)} decodes the file:
     * the same pixels, the same refusals and warnings, for images that come as bytes (a table column, a
     * distributed file system's stream).
     *
     * @param bytes the file's bytes
     * @param name names the image in messages and warnings, e.g. its path or URI
     * @return the image
     * @throws IOException naming the image, if it is not an image ImageIO can decode
     */
    public static BufferedImage decode(byte[] bytes, String name) throws IOException {
        boolean jpeg = bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
        BufferedImage image;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            image = decode(in, jpeg, name, name, false);
        } catch (IOException | RuntimeException e) {
            throw failure(name, e);
        }
        return checked(image, name);
    }

    /**
     * Reads an image file and resizes it as {@link #resizeShorterSide} does. JPEGs are decoded into a buffer
     * this thread reuses while the files have the same size (ImageNet's are mostly 500×375), so the full-size
     * pixels, 562 kB there, are not a fresh allocation per file: the data pipeline's garbage, and the garbage
     * collections that wait on ImageIO's native decoder, shrink with it.
     *
     * @param file the file
     * @param shorterSide the length the shorter side is resized to
     * @param minSide the smallest shorter side the file may have
     * @return the resized image, RGB
     * @throws TooSmallException if the image's shorter side is below {@code minSide}
     * @throws IOException if the file cannot be read or is not an image ImageIO can decode
     */
    public static DecodedImage readResized(Path file, int shorterSide, int minSide) throws IOException {
        return resizeShorterSide(decodeChecked(file, minSide), shorterSide);
    }

    /**
     * Decodes an image file only to check it, as {@link #readResized} would before resizing: for data that is
     * decoded again on every use, the up-front pass needs to know which files are usable, not their pixels.
     *
     * @param file the file
     * @param minSide the smallest shorter side the file may have
     * @throws TooSmallException if the image's shorter side is below {@code minSide}
     * @throws IOException if the file cannot be read or is not an image ImageIO can decode
     */
    public static void check(Path file, int minSide) throws IOException {
        decodeChecked(file, minSide);
    }

    /**
     * Reads an image file and returns one window of it resized as {@link #resizeShorterSide} resizes it,
     * computing only that window: the same bytes as cropping the full resize, at about 60 % of its cost for a
     * 224 crop of a 256 resize. {@code origin} is asked where the window lies, given the resized size.
     *
     * @param file the file
     * @param shorterSide the length the shorter side is resized to
     * @param minSide the smallest shorter side the file may have
     * @param cropWidth the window's width
     * @param cropHeight the window's height
     * @param origin chooses the window's top-left corner in the resized image
     * @return the window, RGB
     * @throws TooSmallException if the image's shorter side is below {@code minSide}
     * @throws IOException if the file cannot be read or is not an image ImageIO can decode
     * @throws IllegalArgumentException if the window does not fit in the resized image
     */
    public static DecodedImage readResized(Path file, int shorterSide, int minSide, int cropWidth, int cropHeight,
            CropOrigin origin) throws IOException {
        BufferedImage image = decodeChecked(file, minSide);
        try {
            return resizeShorterSide(image, shorterSide, cropWidth, cropHeight, origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes into this thread's reused buffer and refuses an image whose shorter side is below minSide. */
    private static BufferedImage decodeChecked(Path file, int minSide) throws IOException {
        BufferedImage image = decodeOrFail(file, true);
        if (Math.min(image.getWidth(), image.getHeight()) < minSide) {
            throw new TooSmallException(file, image.getWidth(), image.getHeight(), minSide);
        }
        return image;
    }

    private static BufferedImage decodeOrFail(Path file, boolean reuse) throws IOException {
        requireRegularFile(file);
        String name = file.toString();
        BufferedImage image;
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            boolean jpeg = in.read() == 0xff && in.read() == 0xd8;
            in.seek(0);
            image = decode(in, jpeg, name, warningKey(file), reuse);
        } catch (IOException | RuntimeException e) {
            throw failure(name, e);
        }
        return checked(image, name);
    }

    /** A decoding failure, named; the refusal of a too-large image is already. */
    private static IOException failure(String name, Exception e) {
        if (e instanceof TooLargeException large) {
            return large;
        }
        return new IOException("cannot decode " + name + ": " + e.getMessage(), e);
    }

    private static BufferedImage checked(BufferedImage image, String name) throws IOException {
        if (image == null) {
            throw new IOException("cannot decode " + name + ": not a JPEG, PNG, BMP or GIF image");
        }
        return image;
    }

    /** A file's damage is logged once, however it was named. */
    private static String warningKey(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** Refuses what ImageIO would fail on cryptically ("Can't create an ImageInputStream!") or block on. */
    private static void requireRegularFile(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot read " + file + ": it is a directory, expected an image file");
        }
        if (!Files.exists(file)) {
            throw new IOException("cannot read " + file + ": no such file");
        }
        throw new IOException("cannot read " + file + ": not a regular file (a pipe, socket or device), expected an"
                + " image file");
    }

    /**
     * Decodes a stream with the first reader that takes it, as {@code ImageIO.read} does, JPEGs with this
     * thread's reader; the size is checked from the header first. {@code warningKey} identifies the image
     * for the once-per-image damage warning.
     *
     * @return the image, or null when no reader takes the stream
     */
    private static BufferedImage decode(ImageInputStream in, boolean jpeg, String name, String warningKey,
            boolean reuse) throws IOException {
        if (jpeg) {
            return readJpeg(name, warningKey, in, reuse);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            requireSize(reader, name);
            return reader.read(0, reader.getDefaultReadParam());
        } finally {
            reader.dispose();
        }
    }

    /** Refuses an image whose header declares more than {@link #MAX_PIXELS}, before its pixels exist. */
    private static void requireSize(ImageReader reader, String name) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
            throw new TooLargeException(name, width, height);
        }
    }

    private static BufferedImage readJpeg(String name, String warningKey, ImageInputStream in, boolean reuse)
            throws IOException {
        ImageReader reader = JPEG_READERS.get();
        BufferedImage image;
        IIOReadWarningListener warnings = (source, warning) -> warnDamaged(name, warningKey, warning);
        reader.addIIOReadWarningListener(warnings);
        try {
            reader.setInput(in, true, true);
            requireSize(reader, name);
            if (reader.getImageTypes(0).next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
                // A colour JPEG, decoded into R, G, B bytes rather than ImageIO's default B, G, R: the reader
                // then copies each decoded scanline with one arraycopy instead of reordering it sample by
                // sample, 1.43 -> 1.0 ms per 500x375 photo (docs/benchmarks.md, "Data pipeline").
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                BufferedImage destination = reuse ? SCRATCH.get() : null;
                if (destination == null || destination.getWidth() != width || destination.getHeight() != height) {
                    destination = rgbImage(width, height);
                    if (reuse) {
                        SCRATCH.set(destination);
                    }
                }
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestination(destination);
                image = reader.read(0, param);
            } else {
                image = reader.read(0);
            }
        } catch (IOException | RuntimeException e) {
            // A reader that failed mid-file may keep its broken state; the thread gets a fresh one.
            JPEG_READERS.remove();
            reader.dispose();
            throw e;
        } finally {
            reader.removeIIOReadWarningListener(warnings);
        }
        reader.setInput(null);
        return image;
    }

    /** libjpeg's warnings: the image decoded, but not all of it is what the file meant to hold. */
    private static void warnDamaged(String name, String warningKey, String warning) {
        if (!WARNED.add(warningKey)) {
            return;
        }
        String lower = warning.toLowerCase(Locale.ROOT);
        if (lower.contains("truncated") || lower.contains("premature end")) {
            logger.warn("{} is truncated ({}): the missing part is decoded as grey", name, warning);
        } else {
            logger.warn("{} is damaged ({}): decoded as far as it goes", name, warning);
        }
    }

    /** An 8-bit sRGB image whose bytes lie R, G, B, the order libjpeg writes them in. */
    private static BufferedImage rgbImage(int width, int height) {
        ColorModel colors = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(colors, Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3, null),
                false, null);
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
        int[] size = resizedSize(image.getWidth(), image.getHeight(), shorterSide);
        return PillowBilinear.resize(pixels(image), size[0], size[1]);
    }

    /**
     * Resizes an image as {@link #resizeShorterSide(BufferedImage, int)} does and returns one window of the
     * result, computing only that window (the same bytes as cropping the full resize). {@code origin} is asked
     * where the window lies, given the resized size.
     *
     * <pre>{@code
     * DecodedImage crop = ImageDecoder.resizeShorterSide(image, 256, 224, 224,
     *         (w, h) -> ImageTransforms.centerOrigin(w, h, 224, 224));
     * }</pre>
     *
     * @param image the image
     * @param shorterSide the target length of the shorter side
     * @param cropWidth the window's width
     * @param cropHeight the window's height
     * @param origin chooses the window's top-left corner in the resized image
     * @return the window, RGB
     * @throws IllegalArgumentException if the window does not fit in the resized image
     */
    public static DecodedImage resizeShorterSide(BufferedImage image, int shorterSide, int cropWidth,
            int cropHeight, CropOrigin origin) {
        int[] size = resizedSize(image.getWidth(), image.getHeight(), shorterSide);
        if (cropWidth > size[0] || cropHeight > size[1]) {
            throw new IllegalArgumentException("a " + image.getWidth() + "x" + image.getHeight()
                    + " image resized to " + size[0] + "x" + size[1] + " is smaller than the " + cropWidth + "x"
                    + cropHeight + " crop");
        }
        int[] corner = origin.choose(size[0], size[1]);
        return PillowBilinear.resize(pixels(image), size[0], size[1], corner[0], corner[1], cropWidth, cropHeight);
    }

    /** torchvision's {@code Resize(shorterSide)} output size, {width, height}. */
    private static int[] resizedSize(int w, int h, int shorterSide) {
        if (shorterSide <= 0) {
            throw new IllegalArgumentException("expected a positive shorter side, got " + shorterSide);
        }
        int shorter = Math.min(w, h);
        int longer = (int) ((double) ((long) shorterSide * Math.max(w, h)) / shorter);
        return w <= h ? new int[] {shorterSide, longer} : new int[] {longer, shorterSide};
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
     * third of the old resize's time (docs/benchmarks.md, "Data pipeline"). 16-bit gray and sRGB samples are
     * scaled to 8 bits ({@link #sixteenBits}); other layouts (palettes, packed ints, premultiplied alpha) go
     * through {@code getRGB}.
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
        if (raster.getDataBuffer() instanceof DataBufferUShort && colors instanceof ComponentColorModel
                && !colors.isAlphaPremultiplied()
                && Arrays.stream(colors.getComponentSize()).allMatch(bits -> bits == 16)) {
            ColorSpace space = colors.getColorSpace();
            int components = colors.getNumColorComponents();
            if ((space.isCS_sRGB() && components == 3) || (space.getType() == ColorSpace.TYPE_GRAY && components == 1)) {
                return sixteenBits(raster, components);
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

    /**
     * 16-bit gray or sRGB samples, alpha dropped, scaled to 8 bits as {@code round(v * 255 / 65535)}: the exact
     * inverse of widening 8 bits to 16 ({@code v * 257}), so a 16-bit copy of an 8-bit image gives its bytes and
     * its classes. Pillow takes a 16-bit RGB PNG's high byte ({@code v >> 8}), which agrees on such copies and
     * differs by at most one level elsewhere; its {@code convert("RGB")} of 16-bit gray ({@code I;16}) clips at 255
     * and turns nearly every pixel white, which is not followed here. Gray is read raw, as in 8 bits.
     */
    private static PillowBilinear.Pixels sixteenBits(WritableRaster raster, int components) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sample = row[x * bands + (components == 1 ? 0 : c)];
                    rgb[(y * w + x) * 3 + c] = (byte) ((sample * 255 + 32767) / 65535);
                }
            }
        }
        return PillowBilinear.Pixels.rgb(rgb, w, h);
    }

    /** An image whose header declares more pixels than {@link #MAX_PIXELS}. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(String name, long width, long height) {
            super(name + " is " + width + "x" + height + ", more than the " + MAX_PIXELS + " pixels an image may have");
        }
    }

    /** An image whose shorter side is below the smallest the caller accepts (the crop size). */
    public static final class TooSmallException extends IOException {

        private static final long serialVersionUID = 1L;

        private final int width;
        private final int height;

        TooSmallException(Path file, int width, int height, int minSide) {
            super(file + " is " + width + "x" + height + ", expected a shorter side of at least " + minSide);
            this.width = width;
            this.height = height;
        }

        /**
         * Returns the image's width.
         *
         * @return the width in pixels
         */
        public int getWidth() {
            return width;
        }

        /**
         * Returns the image's height.
         *
         * @return the height in pixels
         */
        public int getHeight() {
            return height;
        }
    }
}
