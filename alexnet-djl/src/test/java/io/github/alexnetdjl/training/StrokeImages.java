package io.github.alexnetdjl.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Two related image tasks drawn from strokes, for fine-tuning tests. Every image is a dark background of a random
 * colour with pixel noise and bright strokes of a random colour, thickness, length and position, 72 x 72 pixels.
 * The first task tells a single stroke's orientation; the second tells the orientation of a pair of parallel
 * strokes, other images with other class names, which the features that tell orientations serve. Diagonals
 * either way are one class, since training flips images.
 */
final class StrokeImages {

    /** The first task: one stroke; each class's angles in degrees, one of them drawn. */
    static final Map<String, int[]> STROKES =
            Map.of("horizontal", new int[] {0}, "vertical", new int[] {90}, "diagonal", new int[] {45, 135});

    /** The second task: two parallel strokes. */
    static final Map<String, int[]> PAIRS = Map.of(
            "horizontal-pair", new int[] {0}, "vertical-pair", new int[] {90}, "diagonal-pair", new int[] {45, 135});

    private static final int SIZE = 72;

    private StrokeImages() {}

    /**
     * Writes a task's images as train/ and val/ image folders.
     *
     * @param dir where
     * @param classes {@link #STROKES}, {@link #PAIRS} or some of their classes
     * @param train training images per class
     * @param val validation images per class
     * @param seed fixes every image
     * @return dir
     * @throws IOException if writing fails
     */
    static Path write(Path dir, Map<String, int[]> classes, int train, int val, long seed) throws IOException {
        boolean pairs = classes.keySet().stream().allMatch(PAIRS::containsKey);
        List<String> names = classes.keySet().stream().sorted().toList();
        for (int c = 0; c < names.size(); c++) {
            int[] angles = classes.get(names.get(c));
            for (int i = 0; i < train + val; i++) {
                Random random = new Random(seed * 1_000_003L + c * 10_007L + i);
                Path folder = dir.resolve(i < train ? "train" : "val").resolve(names.get(c));
                Files.createDirectories(folder);
                BufferedImage image = image(angles[random.nextInt(angles.length)], pairs, random);
                ImageIO.write(image, "png", folder.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
            }
        }
        return dir;
    }

    private static BufferedImage image(int angle, boolean pair, Random random) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.getHSBColor(random.nextFloat(), 0.5f * random.nextFloat(), 0.1f + 0.3f * random.nextFloat()));
            g.fillRect(0, 0, SIZE, SIZE);
            g.setColor(Color.getHSBColor(random.nextFloat(), 0.3f + 0.7f * random.nextFloat(), 0.8f + 0.2f * random.nextFloat()));
            g.setStroke(new BasicStroke(4 + 3 * random.nextFloat(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            double half = 14 + 10 * random.nextDouble();
            double cx = SIZE / 2.0 + (random.nextDouble() - 0.5) * 16;
            double cy = SIZE / 2.0 + (random.nextDouble() - 0.5) * 16;
            double dx = Math.cos(Math.toRadians(angle)) * half;
            double dy = Math.sin(Math.toRadians(angle)) * half;
            if (pair) {
                double offset = 6 + 4 * random.nextDouble();
                double ox = -Math.sin(Math.toRadians(angle)) * offset;
                double oy = Math.cos(Math.toRadians(angle)) * offset;
                g.draw(new Line2D.Double(cx - dx + ox, cy - dy + oy, cx + dx + ox, cy + dy + oy));
                g.draw(new Line2D.Double(cx - dx - ox, cy - dy - oy, cx + dx - ox, cy + dy - oy));
            } else {
                g.draw(new Line2D.Double(cx - dx, cy - dy, cx + dx, cy + dy));
            }
        } finally {
            g.dispose();
        }
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int rgb = image.getRGB(x, y);
                int noise = (int) (random.nextGaussian() * 12);
                image.setRGB(x, y, (channel(rgb >> 16, noise) << 16) | (channel(rgb >> 8, noise) << 8) | channel(rgb, noise));
            }
        }
        return image;
    }

    private static int channel(int rgb, int noise) {
        return Math.max(0, Math.min(255, (rgb & 0xff) + noise));
    }
}
