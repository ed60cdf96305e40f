package io.github.alexnetdjl.training;

import ai.djl.ndarray.NDArray;
import io.github.alexnetdjl.store.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The picture of a network's learned conv1 filters, as in the paper's Figure 3, and a safe way to save it. */
public final class FilterGrid {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FilterGrid() {}

    /**
     * Draws conv1's filters as a grid of small RGB pictures, each scaled to fill [0, 255] on its own, as in
     * the paper's Figure 3.
     *
     * @param weight conv1's weight, (filters, 3, k, k)
     * @param scale how many screen pixels a filter pixel takes
     * @return the picture
     * @throws IllegalArgumentException if the weight is not (filters, 3, k, k)
     */
    public static BufferedImage draw(NDArray weight, int scale) {
        long[] s = weight.getShape().getShape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("expected conv1 weights (filters, 3, k, k), got " + weight.getShape());
        }
        int n = (int) s[0];
        int kh = (int) s[2];
        int kw = (int) s[3];
        float[] w = weight.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + columns - 1) / columns;
        int gap = 2;
        int cellW = kw * scale + gap;
        int cellH = kh * scale + gap;
        BufferedImage image = new BufferedImage(columns * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        int filterSize = 3 * kh * kw;
        for (int f = 0; f < n; f++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = f * filterSize; i < (f + 1) * filterSize; i++) {
                min = Math.min(min, w[i]);
                max = Math.max(max, w[i]);
            }
            float range = max > min ? max - min : 1f;
            int x0 = gap + (f % columns) * cellW;
            int y0 = gap + (f / columns) * cellH;
            for (int y = 0; y < kh * scale; y++) {
                for (int x = 0; x < kw * scale; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        float v = w[f * filterSize + c * kh * kw + (y / scale) * kw + x / scale];
                        rgb = (rgb << 8) | Math.round((v - min) / range * 255f);
                    }
                    image.setRGB(x0 + x, y0 + y, rgb);
                }
            }
        }
        return image;
    }

    /**
     * Writes a PNG through a temporary file and a rename.
     *
     * @param image the picture
     * @param png the file
     * @throws IOException if writing fails
     */
    public static void writePng(BufferedImage image, Path png) throws IOException {
        Path target = png.toAbsolutePath().normalize();
        Path temp = AtomicFiles.newTempFile(target);
        try {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            AtomicFiles.replaceFile(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
    }
}
