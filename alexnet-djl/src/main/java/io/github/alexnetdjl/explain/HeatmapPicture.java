package io.github.alexnetdjl.explain;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Draws a heatmap over the image it explains: the image as the network saw it on the left, the same with the
 * heatmap laid over it on the right, in the "jet" colours (blue little, red much), half transparent. Values
 * below zero count as zero; the largest value is red. Small inputs are enlarged by a whole factor, so that
 * each picture is at least {@value #MIN_SIDE} pixels a side.
 */
public final class HeatmapPicture {

    /** The smallest side of each half of the picture, in pixels. */
    public static final int MIN_SIDE = 192;

    private static final int GAP = 4;
    private static final float OPACITY = 0.5f;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private HeatmapPicture() {}

    /**
     * Draws the image and the heatmap over it, side by side.
     *
     * @param image the image as the network saw it
     * @param heatmap the heatmap, of any resolution: it is resized to the image
     * @return the picture
     */
    public static BufferedImage draw(BufferedImage image, Heatmap heatmap) {
        int scale = Math.max(1, (MIN_SIDE + Math.min(image.getWidth(), image.getHeight()) - 1)
                / Math.min(image.getWidth(), image.getHeight()));
        int w = image.getWidth() * scale;
        int h = image.getHeight() * scale;
        float[][] heat = normalized(heatmap.resized(h, w).getValues());
        BufferedImage picture = new BufferedImage(2 * w + GAP, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), h);
        } finally {
            g.dispose();
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x / scale, y / scale) & 0xffffff;
                picture.setRGB(x, y, rgb);
                picture.setRGB(w + GAP + x, y, blend(rgb, jet(heat[y][x])));
            }
        }
        return picture;
    }

    /** The values divided by the largest, negative ones as zero; all zero when none is positive. */
    private static float[][] normalized(float[][] values) {
        float max = 0;
        for (float[] row : values) {
            for (float v : row) {
                max = Math.max(max, v);
            }
        }
        float[][] out = new float[values.length][values[0].length];
        for (int y = 0; y < values.length; y++) {
            for (int x = 0; x < values[0].length; x++) {
                out[y][x] = max > 0 ? Math.max(0, values[y][x]) / max : 0;
            }
        }
        return out;
    }

    /**
     * Returns the "jet" colour of a value: dark blue, blue, cyan, yellow, red, dark red.
     *
     * @param value in [0, 1]
     * @return the colour as 0xRRGGBB
     */
    static int jet(float value) {
        float v = 4 * value;
        int r = channel(1.5f - Math.abs(v - 3));
        int g = channel(1.5f - Math.abs(v - 2));
        int b = channel(1.5f - Math.abs(v - 1));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(float value) {
        return Math.round(255 * Math.max(0, Math.min(1, value)));
    }

    private static int blend(int under, int over) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            float mixed = (1 - OPACITY) * ((under >> shift) & 0xff) + OPACITY * ((over >> shift) & 0xff);
            out |= Math.round(mixed) << shift;
        }
        return out;
    }
}
