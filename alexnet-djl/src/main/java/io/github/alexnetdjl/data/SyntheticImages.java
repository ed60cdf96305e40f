package io.github.alexnetdjl.data;

import io.github.alexnetdjl.engine.Seeds;
import io.github.alexnetdjl.store.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A deterministic demo dataset: coloured shapes and textures on coloured backgrounds with pixel noise, one
 * class per shape. The colours, positions, sizes and noise are random, so only the shape tells the class.
 * The same options always give the same files.
 *
 * <pre>{@code
 * Path root = SyntheticImages.builder().optImagesPerClass(100, 25).build().generate(dir);
 * // root/train/circle/0000.png ... root/val/stripes/0024.png
 * }</pre>
 */
public final class SyntheticImages {

    /** The classes, one per shape or texture. */
    public static final List<String> CLASSES =
            List.of("checkerboard", "circle", "cross", "ring", "square", "stripes", "triangle", "zigzag");

    private static final String MARKER = "synthetic.txt";

    private final int trainPerClass;
    private final int valPerClass;
    private final int size;
    private final long seed;
    private final int numClasses;

    private SyntheticImages(Builder builder) {
        trainPerClass = builder.trainPerClass;
        valPerClass = builder.valPerClass;
        size = builder.size;
        seed = builder.seed;
        numClasses = builder.numClasses;
    }

    /**
     * Returns a builder: all 8 classes, 100 training and 25 validation images per class, 80x80 pixels,
     * seed 42.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the dataset under {@code dir} as {@code train/} and {@code val/} image folders, unless the same
     * dataset is there already. Written into a temporary directory and renamed into place; a directory that
     * is not a synthetic dataset is never replaced.
     *
     * @param dir the directory to hold the dataset
     * @return {@code dir}
     * @throws IOException if writing fails, or {@code dir} exists and holds something else
     */
    public Path generate(Path dir) throws IOException {
        String description = String.format(
                Locale.ROOT, "classes=%d train=%d val=%d size=%d seed=%d%n", numClasses, trainPerClass, valPerClass, size, seed);
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(description)) {
            return dir;
        }
        // Another dataset of ours (the marker says so) is replaced; anything else there is the user's.
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(marker)) {
            throw new IOException(dir + " exists and is not a synthetic dataset (it has no " + MARKER
                    + "): choose another directory; nothing in it was changed");
        }
        Path target = dir.toAbsolutePath().normalize();
        Path temp = AtomicFiles.newTempDirectory(target);
        try {
            for (int c = 0; c < numClasses; c++) {
                writeClass(temp.resolve("train"), c, 0, trainPerClass);
                writeClass(temp.resolve("val"), c, trainPerClass, valPerClass);
            }
            Files.writeString(temp.resolve(MARKER), description);
            AtomicFiles.replaceDirectory(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
        return dir;
    }

    private void writeClass(Path split, int label, int first, int count) throws IOException {
        Path classDir = split.resolve(CLASSES.get(label));
        Files.createDirectories(classDir);
        for (int i = 0; i < count; i++) {
            BufferedImage image = image(label, first + i);
            ImageIO.write(image, "png", classDir.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
        }
    }

    /**
     * Draws one image.
     *
     * @param label the class index into {@link #CLASSES}
     * @param index the image's number within its class; with the seed it fixes the image
     * @return the image, RGB
     */
    public BufferedImage image(int label, int index) {
        Random random = new Random(Seeds.syntheticImage(seed, label, index));
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float hue = random.nextFloat();
            Color background = Color.getHSBColor(hue, 0.2f + 0.5f * random.nextFloat(), 0.15f + 0.3f * random.nextFloat());
            Color foreground = Color.getHSBColor(
                    (hue + 0.3f + 0.4f * random.nextFloat()) % 1f, 0.4f + 0.6f * random.nextFloat(), 0.7f + 0.3f * random.nextFloat());
            g.setColor(background);
            g.fillRect(0, 0, size, size);
            g.setColor(foreground);
            double extent = size * (0.45 + 0.35 * random.nextDouble());
            double cx = size / 2.0 + (random.nextDouble() - 0.5) * (size - extent) * 0.8;
            double cy = size / 2.0 + (random.nextDouble() - 0.5) * (size - extent) * 0.8;
            draw(g, CLASSES.get(label), cx, cy, extent, random);
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return image;
    }

    private void draw(Graphics2D g, String shape, double cx, double cy, double extent, Random random) {
        double r = extent / 2;
        float stroke = (float) Math.max(2, extent / 7);
        switch (shape) {
            case "circle" -> g.fill(new Ellipse2D.Double(cx - r, cy - r, extent, extent));
            case "ring" -> {
                g.setStroke(new BasicStroke(stroke));
                g.draw(new Ellipse2D.Double(cx - r + stroke / 2, cy - r + stroke / 2, extent - stroke, extent - stroke));
            }
            case "square" -> g.fillRect((int) (cx - r), (int) (cy - r), (int) extent, (int) extent);
            case "triangle" -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(cx, cy - r);
                p.lineTo(cx + r, cy + r);
                p.lineTo(cx - r, cy + r);
                p.closePath();
                g.fill(p);
            }
            case "cross" -> {
                g.fillRect((int) (cx - stroke / 2), (int) (cy - r), (int) stroke, (int) extent);
                g.fillRect((int) (cx - r), (int) (cy - stroke / 2), (int) extent, (int) stroke);
            }
            case "stripes" -> {
                int period = 6 + random.nextInt(6);
                boolean vertical = random.nextBoolean();
                for (int v = 0; v < size; v += period) {
                    if (vertical) {
                        g.fillRect(v, 0, period / 2, size);
                    } else {
                        g.fillRect(0, v, size, period / 2);
                    }
                }
            }
            case "checkerboard" -> {
                int cell = 6 + random.nextInt(6);
                for (int y = 0; y < size; y += cell) {
                    for (int x = 0; x < size; x += cell) {
                        if (((x / cell) + (y / cell)) % 2 == 0) {
                            g.fillRect(x, y, cell, cell);
                        }
                    }
                }
            }
            default -> { // zigzag
                g.setStroke(new BasicStroke(stroke));
                Path2D.Double p = new Path2D.Double();
                int teeth = 3 + random.nextInt(2);
                p.moveTo(cx - r, cy + r / 2);
                for (int t = 1; t <= 2 * teeth; t++) {
                    p.lineTo(cx - r + extent * t / (2 * teeth), t % 2 == 1 ? cy - r / 2 : cy + r / 2);
                }
                g.draw(p);
            }
        }
    }

    private static void addNoise(BufferedImage image, Random random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int out = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int v = (int) Math.round(((rgb >> shift) & 0xff) + random.nextGaussian() * 20);
                    out = (out << 8) | Math.max(0, Math.min(255, v));
                }
                image.setRGB(x, y, out);
            }
        }
    }

    /** Builds a {@link SyntheticImages}. */
    public static final class Builder {

        private int trainPerClass = 100;
        private int valPerClass = 25;
        private int size = 80;
        private long seed = 42;
        private int numClasses = CLASSES.size();

        private Builder() {}

        /**
         * Sets the number of images per class; default 100 for training and 25 for validation.
         *
         * @param train training images per class
         * @param val validation images per class
         * @return this builder
         */
        public Builder optImagesPerClass(int train, int val) {
            this.trainPerClass = train;
            this.valPerClass = val;
            return this;
        }

        /**
         * Sets the images' side; default 80 pixels.
         *
         * @param size the side in pixels
         * @return this builder
         */
        public Builder optSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * Uses only the first classes of {@link #CLASSES}; default all 8.
         *
         * @param numClasses the number of classes, 2 to 8
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the seed; default 42.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds the generator.
         *
         * @return the generator
         */
        public SyntheticImages build() {
            if (trainPerClass <= 0 || valPerClass <= 0) {
                throw new IllegalArgumentException("images per class must be positive, got " + trainPerClass + " and " + valPerClass);
            }
            if (size < 16) {
                throw new IllegalArgumentException("image side must be at least 16 pixels, got " + size);
            }
            if (numClasses < 2 || numClasses > CLASSES.size()) {
                throw new IllegalArgumentException("number of classes must be in [2, " + CLASSES.size() + "], got " + numClasses);
            }
            return new SyntheticImages(this);
        }
    }
}
