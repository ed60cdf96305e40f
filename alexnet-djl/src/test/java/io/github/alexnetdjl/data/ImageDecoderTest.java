package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resize against Pillow 9.4's own output (fixtures from tools/fixtures/resize_golden.py) and, on
 * ImageNet-sized images, against a naive double-precision triangle filter written here; the RGB readback
 * against getRGB.
 */
class ImageDecoderTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ImageDecoderTest.class.getResource("resize/" + name + ".png").toURI());
    }

    /** The expected pixels read through getRGB, independently of the readers under test. */
    private static DecodedImage viaGetRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (argb >> 16);
                rgb[i + 1] = (byte) (argb >> 8);
                rgb[i + 2] = (byte) argb;
            }
        }
        return new DecodedImage(w, h, rgb);
    }

    /** Torchvision's ImageFolder + Resize(side) as Pillow computed it: byte for byte. */
    @ParameterizedTest
    @CsvSource({
        "rgb-50x37, 26, rgb-50x37-short26, 35, 26",
        "rgb-13x20, 40, rgb-13x20-short40, 40, 61",
        "rgb-97x64, 16, rgb-97x64-short16, 24, 16",
        "gray-37x50, 20, gray-37x50-short20, 20, 27",
        "rgba-40x30, 17, rgba-40x30-short17, 22, 17",
    })
    void resizesShorterSideAsTorchvisionWithPillow(String input, int side, String golden, int width, int height)
            throws Exception {
        BufferedImage image = ImageDecoder.read(resource(input));
        DecodedImage expected = viaGetRgb(ImageIO.read(resource(golden).toFile()));
        DecodedImage resized = ImageDecoder.resizeShorterSide(image, side);
        assertEquals(width, resized.width());
        assertEquals(height, resized.height());
        assertEquals(expected.width(), resized.width());
        assertEquals(expected.height(), resized.height());
        assertArrayEquals(expected.rgb(), resized.rgb(), golden);
    }

    /**
     * A JPEG through decode and resize against PIL's decode and torchvision's Resize. The JDK's JPEG decoder is
     * its own libjpeg build (Debian's links libjpeg-turbo, as Pillow does, and matches exactly), so one level
     * of difference is allowed.
     */
    @Test
    void decodesAndResizesJpegAsTorchvision() throws Exception {
        Path jpeg = Path.of(ImageDecoderTest.class.getResource("resize/photo-120x90.jpg").toURI());
        DecodedImage resized = ImageDecoder.resizeShorterSide(ImageDecoder.read(jpeg), 64);
        DecodedImage expected = viaGetRgb(ImageIO.read(resource("photo-120x90-short64").toFile()));
        assertEquals(85, resized.width());
        assertEquals(64, resized.height());
        for (int i = 0; i < expected.rgb().length; i++) {
            int d = Math.abs((expected.rgb()[i] & 0xff) - (resized.rgb()[i] & 0xff));
            assertTrue(d <= 1, "byte " + i + " differs by " + d);
        }
    }

    /** Pillow's Image.resize to sizes where one pass is skipped. */
    @ParameterizedTest
    @CsvSource({"rgb-50x37-size31x37, 31, 37", "rgb-50x37-size50x60, 50, 60"})
    void resizesOneAxisAsPillow(String golden, int width, int height) throws Exception {
        BufferedImage image = ImageDecoder.read(resource("rgb-50x37"));
        DecodedImage expected = viaGetRgb(ImageIO.read(resource(golden).toFile()));
        DecodedImage resized = PillowBilinear.resize(ImageDecoder.pixels(image), width, height);
        assertArrayEquals(expected.rgb(), resized.rgb(), golden);
    }

    /** Gradients, a wave and noise. */
    private static BufferedImage photo(int w, int h, int type, long seed) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = clamp(255.0 * x / w + random.nextInt(41) - 20);
                int g = clamp(255.0 * y / h + random.nextInt(41) - 20);
                int b = clamp(128 + 60 * Math.sin(x / 7.0 + y / 11.0) + random.nextInt(9) - 4);
                image.setRGB(x, y, 0xff000000 | (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    /**
     * The triangle filter in doubles, straight from its definition: output pixel i covers input
     * [i * scale, (i + 1) * scale); input pixel j (center j + 0.5) weighs max(0, 1 - |j + 0.5 - c| / max(scale, 1)),
     * weights normalized; rows first, rounded to bytes, then columns.
     */
    private static int[] naive(int[] in, int inW, int inH, int outW, int outH) {
        int[] middle = new int[outW * inH * 3];
        for (int y = 0; y < inH; y++) {
            int row = y * inW;
            for (int x = 0; x < outW; x++) {
                double[] v = filter(inW, outW, x, j -> in[(row + j) * 3], j -> in[(row + j) * 3 + 1],
                        j -> in[(row + j) * 3 + 2]);
                for (int c = 0; c < 3; c++) {
                    middle[(y * outW + x) * 3 + c] = round(v[c]);
                }
            }
        }
        int[] out = new int[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int col = x;
                double[] v = filter(inH, outH, y, j -> middle[(j * outW + col) * 3],
                        j -> middle[(j * outW + col) * 3 + 1], j -> middle[(j * outW + col) * 3 + 2]);
                for (int c = 0; c < 3; c++) {
                    out[(y * outW + x) * 3 + c] = round(v[c]);
                }
            }
        }
        return out;
    }

    private static double[] filter(int in, int out, int i, IntUnaryOperator... channels) {
        double scale = (double) in / out;
        double width = Math.max(scale, 1);
        double center = (i + 0.5) * scale;
        double total = 0;
        double[] sums = new double[channels.length];
        // Pixels farther than the filter's half-width weigh 0; skipping them only saves time.
        int from = Math.max(0, (int) Math.floor(center - width - 1));
        int to = Math.min(in, (int) Math.ceil(center + width + 1));
        for (int j = from; j < to; j++) {
            double w = Math.max(0, 1 - Math.abs(j + 0.5 - center) / width);
            total += w;
            for (int c = 0; c < channels.length; c++) {
                sums[c] += w * channels[c].applyAsInt(j);
            }
        }
        for (int c = 0; c < channels.length; c++) {
            sums[c] /= total;
        }
        return sums;
    }

    private static int round(double v) {
        return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5)));
    }

    @Test
    void matchesTheFilterDefinitionOnPhotoSizes() {
        int[][] sizes = {{500, 375, 341, 256}, {375, 500, 256, 341}, {640, 480, 341, 256}, {200, 150, 341, 256}};
        for (int[] s : sizes) {
            BufferedImage image = photo(s[0], s[1], BufferedImage.TYPE_3BYTE_BGR, s[0]);
            DecodedImage resized = ImageDecoder.resizeShorterSide(image, 256);
            assertEquals(s[2], resized.width());
            assertEquals(s[3], resized.height());
            byte[] in = viaGetRgb(image).rgb();
            int[] ints = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                ints[i] = in[i] & 0xff;
            }
            int[] expected = naive(ints, s[0], s[1], s[2], s[3]);
            int max = 0;
            int off = 0;
            for (int i = 0; i < expected.length; i++) {
                int d = Math.abs(expected[i] - (resized.rgb()[i] & 0xff));
                max = Math.max(max, d);
                off += d == 0 ? 0 : 1;
            }
            // Pillow's 22-bit weights move a sum by far less than 1, so only sums within a hair of a half
            // round apart. Those are common when the scale is a ratio of small numbers (480 / 256 = 15 / 8):
            // up to 0.6 % of the bytes here, one step each.
            assertTrue(max <= 1, "max difference " + max + " for " + s[0] + "x" + s[1]);
            assertTrue(off < expected.length / 100, off + " of " + expected.length + " bytes differ");
        }
    }

    /** The full resize's bytes in a window, copied out: what the window resize must equal. */
    private static byte[] cropOf(DecodedImage full, int left, int top, int width, int height) {
        byte[] out = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(full.rgb(), 3 * ((top + y) * full.width() + left), out, 3 * y * width, 3 * width);
        }
        return out;
    }

    /**
     * Resizing only a window gives the full resize's bytes there: reductions with four taps and more, an
     * enlargement, one axis unchanged, gray input; windows at the corners and edges, inside, single pixels
     * and the whole image.
     */
    @Test
    void resizesOnlyTheWindowAsTheWholeResizeCropped() {
        int[][] sizes = {{500, 375, 341, 256}, {640, 480, 341, 256}, {200, 150, 120, 256}, {61, 47, 61, 20},
            {61, 47, 20, 47}, {40, 30, 97, 61}};
        Random random = new Random(8);
        for (int[] s : sizes) {
            for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY}) {
                PillowBilinear.Pixels in = ImageDecoder.pixels(photo(s[0], s[1], type, s[2]));
                DecodedImage full = PillowBilinear.resize(in, s[2], s[3]);
                int w = Math.min(s[2], 17 + random.nextInt(40));
                int h = Math.min(s[3], 13 + random.nextInt(40));
                int[][] windows = {{0, 0, w, h}, {s[2] - w, s[3] - h, w, h}, {s[2] - w, 0, w, h},
                    {random.nextInt(s[2] - w + 1), random.nextInt(s[3] - h + 1), w, h},
                    {random.nextInt(s[2]), random.nextInt(s[3]), 1, 1}, {0, 0, s[2], s[3]}};
                for (int[] win : windows) {
                    DecodedImage window = PillowBilinear.resize(in, s[2], s[3], win[0], win[1], win[2], win[3]);
                    assertEquals(win[2], window.width());
                    assertEquals(win[3], window.height());
                    assertArrayEquals(cropOf(full, win[0], win[1], win[2], win[3]), window.rgb(),
                            Arrays.toString(s) + " type " + type + " window " + Arrays.toString(win));
                }
            }
        }
        PillowBilinear.Pixels in = ImageDecoder.pixels(photo(50, 40, BufferedImage.TYPE_3BYTE_BGR, 1));
        IllegalArgumentException outside =
                assertThrows(IllegalArgumentException.class, () -> PillowBilinear.resize(in, 25, 20, 10, 0, 16, 16));
        assertTrue(outside.getMessage().contains("25x20") && outside.getMessage().contains("16x16 at (10, 0)"),
                outside.getMessage());
    }

    /** The decoder's window path: the same bytes as the full resize cropped where the chooser said. */
    @Test
    void readsTheChosenWindowOfTheResize(@TempDir Path dir) throws IOException {
        Path jpeg = dir.resolve("photo.jpg");
        ImageIO.write(photo(90, 70, BufferedImage.TYPE_3BYTE_BGR, 12), "jpeg", jpeg.toFile());
        DecodedImage full = ImageDecoder.readResized(jpeg, 40, 1);
        int[] asked = new int[2];
        DecodedImage window = ImageDecoder.readResized(jpeg, 40, 1, 32, 24, (w, h) -> {
            asked[0] = w;
            asked[1] = h;
            return new int[] {w - 32, 5};
        });
        assertArrayEquals(new int[] {full.width(), full.height()}, asked, "the chooser sees the resized size");
        assertArrayEquals(cropOf(full, full.width() - 32, 5, 32, 24), window.rgb());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.readResized(jpeg, 40, 1, 41, 41, (w, h) -> new int[] {0, 0}));
        assertTrue(big.getMessage().contains("photo.jpg") && big.getMessage().contains("51x40")
                && big.getMessage().contains("41x41"), big.getMessage());
    }

    @Test
    void readsEveryLayoutAlike() {
        BufferedImage reference = photo(61, 47, BufferedImage.TYPE_INT_RGB, 3);
        DecodedImage expected = ImageDecoder.resizeShorterSide(reference, 20);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR}) {
            BufferedImage copy = new BufferedImage(61, 47, type);
            copy.getGraphics().drawImage(reference, 0, 0, null);
            assertArrayEquals(expected.rgb(), ImageDecoder.resizeShorterSide(copy, 20).rgb(), "type " + type);
            assertArrayEquals(viaGetRgb(copy).rgb(), ImageDecoder.toRgb(copy).rgb(), "type " + type);
        }
        BufferedImage larger = photo(70, 60, BufferedImage.TYPE_3BYTE_BGR, 3);
        larger.getGraphics().drawImage(reference, 5, 4, null);
        BufferedImage sub = larger.getSubimage(5, 4, 61, 47);
        assertArrayEquals(expected.rgb(), ImageDecoder.resizeShorterSide(sub, 20).rgb(), "subimage");
    }

    /** PIL takes a gray file's values as they are; Java's getRGB would treat them as linear and brighten them. */
    @Test
    void readsGrayValuesRaw() {
        BufferedImage gray = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 15; i++) {
            gray.getRaster().setSample(i % 5, i / 5, 0, i * 17);
        }
        DecodedImage rgb = ImageDecoder.toRgb(gray);
        for (int i = 0; i < 15; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(i * 17, rgb.get(i % 5, i / 5, c));
            }
        }
    }

    @Test
    void keepsTheSizeWhenTheShorterSideIsReached() {
        BufferedImage image = photo(30, 26, BufferedImage.TYPE_3BYTE_BGR, 5);
        DecodedImage same = ImageDecoder.resizeShorterSide(image, 26);
        assertArrayEquals(viaGetRgb(image).rgb(), same.rgb());
    }

    /** The reused JPEG reader: a broken file is one error naming it, and the next file decodes as ImageIO's own. */
    @Test
    void readResizedReusesNothingVisible(@TempDir Path dir) throws IOException {
        // Same-size JPEGs decode into one reused buffer: each result must still be its own file's pixels,
        // also after a file of another size and a grayscale one in between.
        int[][] sizes = {{60, 45}, {60, 45}, {45, 60}, {60, 45}, {60, 45}};
        for (int i = 0; i < sizes.length; i++) {
            Path jpeg = dir.resolve(i + ".jpg");
            int type = i == 2 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
            ImageIO.write(photo(sizes[i][0], sizes[i][1], type, 100 + i), "jpeg", jpeg.toFile());
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < sizes.length; i++) {
                Path jpeg = dir.resolve(i + ".jpg");
                // The reference is the JDK's own decode (TYPE_3BYTE_BGR, fresh each time), not our RGB destination.
                DecodedImage expected = ImageDecoder.resizeShorterSide(ImageIO.read(jpeg.toFile()), 30);
                DecodedImage got = ImageDecoder.readResized(jpeg, 30, 30);
                assertEquals(expected.width(), got.width(), "file " + i);
                assertEquals(expected.height(), got.height(), "file " + i);
                assertArrayEquals(expected.rgb(), got.rgb(), "file " + i + ", round " + round);
            }
        }
        ImageDecoder.TooSmallException small =
                assertThrows(ImageDecoder.TooSmallException.class, () -> ImageDecoder.readResized(dir.resolve("0.jpg"), 30, 46));
        assertEquals(60, small.getWidth());
        assertEquals(45, small.getHeight());
        assertTrue(small.getMessage().contains("0.jpg") && small.getMessage().contains("46"), small.getMessage());
    }

    @Test
    void namesABrokenJpegAndReadsTheNextOne(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo(40, 30, BufferedImage.TYPE_3BYTE_BGR, 9), "jpeg", jpeg);
        Path good = Files.write(dir.resolve("good.jpg"), jpeg.toByteArray());
        byte[] garbage = new byte[200];
        new Random(4).nextBytes(garbage);
        garbage[0] = (byte) 0xff;
        garbage[1] = (byte) 0xd8;
        Path broken = Files.write(dir.resolve("broken.jpg"), garbage);
        for (int i = 0; i < 2; i++) {
            IOException e = assertThrows(IOException.class, () -> ImageDecoder.read(broken));
            assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
            BufferedImage decoded = ImageDecoder.read(good);
            assertArrayEquals(viaGetRgb(ImageIO.read(good.toFile())).rgb(), viaGetRgb(decoded).rgb());
        }
        IOException missing = assertThrows(IOException.class, () -> ImageDecoder.read(dir.resolve("none.jpg")));
        assertTrue(missing.getMessage().contains("none.jpg"), missing.getMessage());
    }

    @Test
    void readsJpegBytesInRgbOrder() throws IOException {
        BufferedImage red = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                red.setRGB(x, y, 0xE02010);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(red, "jpeg", jpeg);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray()));
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, decoded.getType()); // the fast path is the one tested
        DecodedImage rgb = ImageDecoder.toRgb(decoded);
        int expected = decoded.getRGB(3, 4);
        assertEquals((expected >> 16) & 0xff, rgb.get(3, 4, 0));
        assertEquals((expected >> 8) & 0xff, rgb.get(3, 4, 1));
        assertEquals(expected & 0xff, rgb.get(3, 4, 2));
        assertTrue(rgb.get(3, 4, 0) > 200 && rgb.get(3, 4, 2) < 40, "red stays red");
    }
}
