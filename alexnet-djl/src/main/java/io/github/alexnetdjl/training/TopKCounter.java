package io.github.alexnetdjl.training;

/**
 * Counts, over batches of score rows, how often the true class scores highest (top-1) and among the five
 * highest (top-5), by {@link Ranks#rank}: training, validation and evaluation count with this one rule, so
 * their accuracies agree on ties (a hit) and on rows with a NaN score (a miss).
 */
public final class TopKCounter {

    private final int numClasses;
    private int images;
    private int top1;
    private int top5;

    /**
     * Creates a counter with nothing counted.
     *
     * @param numClasses the length of a score row
     */
    public TopKCounter(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("expected at least 1 class, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    /**
     * Counts a batch.
     *
     * @param scores one row of {@code numClasses} scores per image, laid end to end
     * @param labels each image's true class
     * @throws IllegalArgumentException if there is not one row per label
     */
    public void add(float[] scores, float[] labels) {
        if (scores.length != (long) labels.length * numClasses) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels of "
                    + numClasses + " classes");
        }
        for (int i = 0; i < labels.length; i++) {
            int rank = Ranks.rank(scores, i, numClasses, (int) labels[i]);
            top1 += rank == 0 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        images += labels.length;
    }

    /**
     * Returns how many images were counted.
     *
     * @return the count
     */
    public int images() {
        return images;
    }

    /**
     * Returns the fraction of images whose true class scored highest.
     *
     * @return the top-1 accuracy; NaN before anything was counted
     */
    public double top1Accuracy() {
        return (double) top1 / images;
    }

    /**
     * Returns the fraction of images whose true class was among the five highest scores.
     *
     * @return the top-5 accuracy; NaN before anything was counted
     */
    public double top5Accuracy() {
        return (double) top5 / images;
    }
}
