package io.github.alexnetdjl.explain;

import java.util.Random;

/**
 * Test images whose evidence is in a known place: a square of one of three colours on a plain grey background
 * with a little noise, at one of 49 places; the class is the square's colour. A fourth class has no square, so
 * that every colour must be seen to be told (without it a network may learn one colour as "neither of the
 * others", whose evidence is nowhere). The values are the network's input directly, CHW floats around 0.
 */
final class ColouredSquares {

    static final int SIDE = 32;
    static final int SQUARE = 8;
    /** Red, green, blue, and no square. */
    static final int CLASSES = 4;
    static final int NO_SQUARE = 3;

    /**
     * One image.
     *
     * @param input CHW floats, 3 x SIDE x SIDE
     * @param label the square's colour: 0 red, 1 green, 2 blue; 3 for no square
     * @param x the square's left column
     * @param y the square's top row
     */
    record Sample(float[] input, int label, int x, int y) {

        /** Whether a pixel lies in the square, or within {@code margin} pixels of it. */
        boolean near(int row, int column, int margin) {
            return row >= y - margin && row < y + SQUARE + margin && column >= x - margin
                    && column < x + SQUARE + margin;
        }
    }

    private ColouredSquares() {}

    /** An image of any class. */
    static Sample sample(Random random) {
        return sample(random, random.nextInt(CLASSES));
    }

    /** An image with a square, of a random colour. */
    static Sample square(Random random) {
        return sample(random, random.nextInt(NO_SQUARE));
    }

    private static Sample sample(Random random, int label) {
        // on a 4-pixel grid: few enough places for a tiny network to learn them all in a few seconds
        int x = 4 * random.nextInt((SIDE - SQUARE) / 4 + 1);
        int y = 4 * random.nextInt((SIDE - SQUARE) / 4 + 1);
        // around 0, the mean colour of normalized images, which is what occlusion hides the square with
        float background = 0.2f * random.nextFloat() - 0.1f;
        float[] input = new float[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < SIDE; row++) {
                for (int column = 0; column < SIDE; column++) {
                    boolean inside = label != NO_SQUARE && row >= y && row < y + SQUARE && column >= x
                            && column < x + SQUARE;
                    float value = inside ? (c == label ? 1f : -0.5f) : background;
                    input[(c * SIDE + row) * SIDE + column] = value + 0.05f * (float) random.nextGaussian();
                }
            }
        }
        return new Sample(input, label, x, y);
    }
}
