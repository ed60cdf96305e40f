package io.github.alexnetdjl.bench;

import io.github.alexnetdjl.store.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes JPEGs that cost what ImageNet photos cost to decode: smooth colour gradients and soft blobs with
 * pixel noise on top, so the files compress like photos (tens of kilobytes at 500×375) rather than like
 * flat synthetic shapes. The same seed always gives the same files; nothing is kept in the repository.
 */
public final class PhotoLikeJpegs {

    /** The JPEG quality; photos on the web, ImageNet's included, are mostly saved at 75 to 95. */
    private static final float QUALITY = 0.9f;

    private PhotoLikeJpegs() {}

    /**
     * Writes {@code count} JPEGs into {@code root/photos/}, the layout of an image folder with one class.
     *
     * @param root the folder
     * @param count the number of files
     * @param width each image's width
     * @param height each image's height
     * @param seed the seed
     * @return the total size of the files in bytes
     * @throws IOException if a file cannot be written
     */
    public static long write(Path root, int count, int width, int height, long seed) throws IOException {
        Path dir = Files.createDirectories(root.resolve("photos"));
        long total = 0;
        for (int i = 0; i < count; i++) {
            byte[] jpeg = encode(image(width, height, new Random(seed * 1_000_003L + i)));
            AtomicFiles.write(dir.resolve(String.format(Locale.ROOT, "%05d.jpg", i)), jpeg);
            total += jpeg.length;
        }
        return total;
    }

    private static BufferedImage image(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        float[][] corners = new float[4][3];
        for (float[] corner : corners) {
            for (int c = 0; c < 3; c++) {
                corner[c] = 40 + 180 * random.nextFloat();
            }
        }
        int blobs = 6;
        float[][] blob = new float[blobs][6]; // x, y, radius, r, g, b
        for (float[] b : blob) {
            b[0] = random.nextFloat() * width;
            b[1] = random.nextFloat() * height;
            b[2] = (0.05f + 0.25f * random.nextFloat()) * Math.min(width, height);
            for (int c = 3; c < 6; c++) {
                b[c] = 120 * (random.nextFloat() - 0.5f);
            }
        }
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            float v = (float) y / height;
            for (int x = 0; x < width; x++) {
                float u = (float) x / width;
                int argb = 0;
                for (int c = 0; c < 3; c++) {
                    float value = (1 - u) * (1 - v) * corners[0][c] + u * (1 - v) * corners[1][c]
                            + (1 - u) * v * corners[2][c] + u * v * corners[3][c];
                    for (float[] b : blob) {
                        float dx = x - b[0];
                        float dy = y - b[1];
                        float d2 = (dx * dx + dy * dy) / (b[2] * b[2]);
                        if (d2 < 4) {
                            value += b[3 + c] * (float) Math.exp(-d2);
                        }
                    }
                    value += 12 * (float) random.nextGaussian();
                    argb = (argb << 8) | Math.max(0, Math.min(255, Math.round(value)));
                }
                pixels[y * width + x] = argb;
            }
        }
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
