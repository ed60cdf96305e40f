package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.testing.ChildJvm;
import io.github.alexnetdjl.testing.NamedPipe;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files users hand the decoder that are not plain 8-bit images: pipes, folders, truncated JPEGs, 16 bits. */
class ImageDecoderFilesTest {

    @TempDir Path temp;

    @Test
    void namedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = NamedPipe.create(temp.resolve("photo.jpg"));
        // Opening a pipe nobody writes to blocks for ever: the guard keeps a regression from hanging the suite.
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IOException.class, () -> ImageDecoder.read(fifo)));
        assertEquals("cannot read " + fifo + ": not a regular file (a pipe, socket or device), expected an image file",
                e.getMessage());
    }

    @Test
    void missingFileAndFolderAreNamedWithWhatWasExpected() {
        Path missing = temp.resolve("missing.png");
        assertEquals("cannot read " + missing + ": no such file",
                assertThrows(IOException.class, () -> ImageDecoder.read(missing)).getMessage());
        assertEquals("cannot read " + temp + ": it is a directory, expected an image file",
                assertThrows(IOException.class, () -> ImageDecoder.readResized(temp, 32, 1)).getMessage());
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", bytes);
        return bytes.toByteArray();
    }

    @Test
    void truncatedJpegDecodesWithOneWarningNamingTheFile() throws Exception {
        byte[] whole = jpeg(64, 48);
        Path complete = Files.write(temp.resolve("complete.jpg"), whole);
        Path cut = Files.write(temp.resolve("cut.jpg"), Arrays.copyOf(whole, whole.length / 2));
        Path cutToo = Files.write(temp.resolve("cut-too.jpg"), Arrays.copyOf(whole, whole.length / 3));
        BufferedImage decoded = ImageDecoder.read(cut);
        assertEquals(64, decoded.getWidth(), "the readable part is still decoded");
        assertEquals(0xff808080, decoded.getRGB(63, 47), "the missing part is grey");

        // Each file is decoded twice, once for prediction (read) and once as training does (readResized).
        ChildJvm.Result child = ChildJvm.run(temp, Duration.ofSeconds(120), List.of(), DecodeInChildJvm.class,
                complete.toString(), cut.toString(), cutToo.toString());
        assertEquals(0, child.status(), child.describe());
        assertEquals("", child.out(), "logs stay off stdout");
        List<String> lines = child.err().lines().toList();
        assertEquals(2, lines.size(), "one warning per damaged file, none for the intact one: " + lines);
        for (int i = 0; i < 2; i++) {
            Path file = i == 0 ? cut : cutToo;
            assertTrue(lines.get(i).contains("WARN") && lines.get(i).contains(file + " is truncated"), lines.get(i));
        }
    }

    private static BufferedImage image(int bands, int dataType, int[] samples, int width, int height) {
        boolean alpha = bands == 2 || bands == 4;
        ColorSpace space = ColorSpace.getInstance(bands <= 2 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel colors = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster raster = colors.createCompatibleWritableRaster(width, height);
        raster.setPixels(0, 0, width, height, samples);
        return new BufferedImage(colors, raster, false, null);
    }

    /** Gray, gray and alpha, RGB, RGBA: a 16-bit PNG whose samples are the 8-bit ones times 257 reads as those. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void sixteenBitPngGivesTheBytesOfItsEightBitOriginal(int bands) throws Exception {
        int w = 17;
        int h = 9;
        Random random = new Random(bands);
        int[] eight = new int[w * h * bands];
        int[] sixteen = new int[eight.length];
        for (int i = 0; i < eight.length; i++) {
            eight[i] = random.nextInt(256);
            sixteen[i] = eight[i] * 257;
        }
        Path file8 = temp.resolve("eight.png");
        Path file16 = temp.resolve("sixteen.png");
        ImageIO.write(image(bands, DataBuffer.TYPE_BYTE, eight, w, h), "png", file8.toFile());
        ImageIO.write(image(bands, DataBuffer.TYPE_USHORT, sixteen, w, h), "png", file16.toFile());
        BufferedImage read16 = ImageDecoder.read(file16);
        assertEquals(DataBuffer.TYPE_USHORT, read16.getRaster().getDataBuffer().getDataType(), "really 16 bits");

        byte[] expected = new byte[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                expected[3 * p + c] = (byte) eight[p * bands + (bands <= 2 ? 0 : c)];
            }
        }
        assertArrayEquals(expected, ImageDecoder.toRgb(ImageDecoder.read(file8)).rgb(), "8 bits, raw");
        assertArrayEquals(expected, ImageDecoder.toRgb(read16).rgb(), "16 bits");
        assertArrayEquals(ImageDecoder.resizeShorterSide(ImageDecoder.read(file8), 5).rgb(),
                ImageDecoder.resizeShorterSide(read16, 5).rgb(), "the network sees the same pixels");
    }

    @Test
    void sixteenBitSamplesRoundToTheNearestEightBitLevel() throws Exception {
        int[] samples = {0, 128, 129, 257, 32767, 32896, 65407, 65408, 65535};
        Path file = temp.resolve("gray16.png");
        ImageIO.write(image(1, DataBuffer.TYPE_USHORT, samples, samples.length, 1), "png", file.toFile());
        byte[] rgb = ImageDecoder.toRgb(ImageDecoder.read(file)).rgb();
        for (int i = 0; i < samples.length; i++) {
            long expected = Math.round(samples[i] * 255.0 / 65535.0);
            assertEquals(expected, rgb[3 * i] & 0xff, "sample " + samples[i]);
            assertEquals(expected, rgb[3 * i + 2] & 0xff, "sample " + samples[i] + ", blue");
        }
    }
}
