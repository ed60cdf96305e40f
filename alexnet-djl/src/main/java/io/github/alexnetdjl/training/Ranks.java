package io.github.alexnetdjl.training;

/** Top-k hits from score rows, counted on the host. */
public final class Ranks {

    private Ranks() {}

    /**
     * Returns the rank of the true class in one row of scores: how many classes score strictly higher.
     * Rank 0 is a top-1 hit, ranks below 5 top-5 hits. A row with a NaN score (a diverged network) has no
     * order: it ranks the true class {@code numClasses}, a miss at every k.
     *
     * @param scores rows of scores laid end to end
     * @param row the row
     * @param numClasses the row length
     * @param label the true class
     * @return the rank
     */
    public static int rank(float[] scores, int row, int numClasses, int label) {
        int offset = row * numClasses;
        float target = scores[offset + label];
        int higher = 0;
        for (int c = 0; c < numClasses; c++) {
            float score = scores[offset + c];
            if (Float.isNaN(score)) {
                return numClasses;
            }
            if (score > target) {
                higher++;
            }
        }
        return higher;
    }
}
