package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The resize and the RGB readback against Java2D's drawImage read back through getRGB, the slow reference. */
class ImageDecoderTest {

    /** Gradients, a wave and a little noise. */
    private static BufferedImage smooth(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (255.0 * x / w);
                int g = (int) (255.0 * y / h);
                int b = Math.min(255, Math.max(0, 128 + (int) (60 * Math.sin(x / 47.0 + y / 61.0)) + random.nextInt(3)));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** The resize as Java2D does it: halving steps, then a bilinear draw, read back with getRGB. */
    private static DecodedImage java2d(BufferedImage image, int targetW, int targetH) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        current = draw(current, targetW, targetH);
        int[] argb = current.getRGB(0, 0, targetW, targetH, null, 0, targetW);
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new DecodedImage(targetW, targetH, rgb);
    }

    private static BufferedImage draw(BufferedImage source, int w, int h) {
        BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return target;
    }

    private static int maxDifference(DecodedImage a, DecodedImage b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            int d = Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
            max = Math.max(max, d);
        }
        return max;
    }

    @Test
    void resizesAndReadsBackLikeGetRgb() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage image = smooth(500, 375, type);
            DecodedImage resized = ImageDecoder.resizeShorterSide(image, 256);
            assertEquals(341, resized.width());
            assertEquals(256, resized.height());
            assertEquals(0, maxDifference(java2d(image, 341, 256), resized), "type " + type);
        }
    }

    @Test
    void halvesLargeImagesFirst() {
        BufferedImage image = smooth(375, 1100, BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage resized = ImageDecoder.resizeShorterSide(image, 120);
        assertEquals(120, resized.width());
        assertEquals(352, resized.height());
        assertEquals(0, maxDifference(java2d(image, 120, 352), resized));
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
