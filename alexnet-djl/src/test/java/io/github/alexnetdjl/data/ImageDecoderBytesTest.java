package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Images that come as bytes decode as their files do; images that declare too many pixels are refused unread. */
class ImageDecoderBytesTest {

    @TempDir Path temp;

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("no " + format + " writer for " + image.getType());
        }
        return out.toByteArray();
    }

    private static BufferedImage noise(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    @ParameterizedTest
    @CsvSource({"jpg, 5", "jpg, 10", "png, 6", "png, 2", "bmp, 5", "gif, 13"})
    void bytesDecodeToTheFilesPixels(String format, int type) throws Exception {
        byte[] bytes = encode(noise(type, 23, 17, type), format);
        Path file = Files.write(temp.resolve("image." + format), bytes);
        byte[] fromFile = ImageDecoder.toRgb(ImageDecoder.read(file)).rgb();
        assertArrayEquals(fromFile, ImageDecoder.toRgb(ImageDecoder.decode(bytes, "image")).rgb());
        assertArrayEquals(ImageDecoder.resizeShorterSide(ImageDecoder.read(file), 8).rgb(),
                ImageDecoder.resizeShorterSide(ImageDecoder.decode(bytes, "image"), 8).rgb());
    }

    @Test
    void bytesThatAreNoImageAreNamed() {
        IOException e = assertThrows(IOException.class,
                () -> ImageDecoder.decode("not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "s3a://b/x.jpg"));
        assertEquals("cannot decode s3a://b/x.jpg: not a JPEG, PNG, BMP or GIF image", e.getMessage());
        assertThrows(IOException.class, () -> ImageDecoder.decode(new byte[0], "empty"));
    }

    /** A 60000 x 60000 image would be 10.8 GB of pixels: the header alone is read. */
    @Test
    void aHeaderDeclaringTooManyPixelsIsRefusedBeforeTheyAreAllocated() throws Exception {
        byte[] png = encode(noise(BufferedImage.TYPE_INT_RGB, 4, 4, 1), "png");
        patchPngSize(png, 60_000, 60_000);
        byte[] jpeg = encode(noise(BufferedImage.TYPE_INT_RGB, 4, 4, 2), "jpg");
        patchJpegSize(jpeg, 60_000, 60_000);
        for (byte[] bytes : new byte[][] {png, jpeg}) {
            Path file = Files.write(temp.resolve("bomb"), bytes);
            String expected = " is 60000x60000, more than the 178956970 pixels an image may have";
            assertEquals(file + expected,
                    assertThrows(ImageDecoder.TooLargeException.class, () -> ImageDecoder.read(file)).getMessage());
            assertEquals("bomb" + expected, assertThrows(ImageDecoder.TooLargeException.class,
                    () -> ImageDecoder.decode(bytes, "bomb")).getMessage());
            assertThrows(ImageDecoder.TooLargeException.class, () -> ImageDecoder.readResized(file, 256, 224));
        }
    }

    /** IHDR follows the 8-byte signature: length, type, width, height, ..., then its CRC over type and data. */
    private static void patchPngSize(byte[] png, int width, int height) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        buffer.putInt(12 + 4 + 13, (int) crc.getValue());
    }

    /** The baseline frame header (FF C0): length, precision, then height and width. */
    private static void patchJpegSize(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                ByteBuffer.wrap(jpeg).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                return;
            }
        }
        throw new IllegalStateException("no baseline frame header");
    }
}
