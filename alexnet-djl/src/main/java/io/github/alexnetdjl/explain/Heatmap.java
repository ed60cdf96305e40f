package io.github.alexnetdjl.explain;

/**
 * How much each part of an image counts for one class, as a grid of values: larger is more. Grad-CAM's has the
 * resolution of the stage it looks at; occlusion sensitivity's that of the network's input. {@link
 * #resized} brings either to a picture's size.
 */
public final class Heatmap {

    private final int classIndex;
    private final float[][] values;

    /**
     * Creates a heatmap.
     *
     * @param classIndex the class it explains, an index into the model's classes
     * @param values the values, row by row, all rows of one length
     * @throws IllegalArgumentException if the grid is empty or its rows differ in length
     */
    public Heatmap(int classIndex, float[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("expected a heatmap of at least 1x1 values, got none");
        }
        for (float[] row : values) {
            if (row.length != values[0].length) {
                throw new IllegalArgumentException("expected rows of " + values[0].length + " values, got " + row.length);
            }
        }
        this.classIndex = classIndex;
        this.values = values;
    }

    /**
     * Returns the class the heatmap explains.
     *
     * @return an index into the model's classes
     */
    public int getClassIndex() {
        return classIndex;
    }

    /**
     * Returns the values, row by row: {@code getValues()[y][x]}. The array is the heatmap's own.
     *
     * @return the values
     */
    public float[][] getValues() {
        return values;
    }

    /**
     * Returns the number of rows.
     *
     * @return the height
     */
    public int getHeight() {
        return values.length;
    }

    /**
     * Returns the number of columns.
     *
     * @return the width
     */
    public int getWidth() {
        return values[0].length;
    }

    /**
     * Returns the position of the largest value, the first in row order when several are equal.
     *
     * @return {row, column}
     */
    public int[] peak() {
        int[] peak = {0, 0};
        for (int y = 0; y < getHeight(); y++) {
            for (int x = 0; x < getWidth(); x++) {
                if (values[y][x] > values[peak[0]][peak[1]]) {
                    peak = new int[] {y, x};
                }
            }
        }
        return peak;
    }

    /**
     * Returns the heatmap resized bilinearly, each value standing for the centre of its cell (as {@code
     * torch.nn.functional.interpolate} with {@code align_corners=False}); beyond the outer centres the edge
     * values continue.
     *
     * @param height the new number of rows
     * @param width the new number of columns
     * @return the resized heatmap, for the same class
     * @throws IllegalArgumentException if a size is not positive
     */
    public Heatmap resized(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("expected a positive size, got " + width + "x" + height);
        }
        float[][] out = new float[height][width];
        for (int y = 0; y < height; y++) {
            double sy = source(y, getHeight(), height);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, getHeight() - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = source(x, getWidth(), width);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, getWidth() - 1);
                double fx = sx - x0;
                double top = values[y0][x0] * (1 - fx) + values[y0][x1] * fx;
                double bottom = values[y1][x0] * (1 - fx) + values[y1][x1] * fx;
                out[y][x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return new Heatmap(classIndex, out);
    }

    /** The source coordinate of a target cell's centre, clamped to the outer source centres. */
    private static double source(int target, int from, int to) {
        double s = (target + 0.5) * from / to - 0.5;
        return Math.max(0, Math.min(from - 1, s));
    }
}
