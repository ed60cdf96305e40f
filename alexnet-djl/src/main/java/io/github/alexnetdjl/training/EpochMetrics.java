package io.github.alexnetdjl.training;

import java.util.Locale;

/**
 * One epoch's numbers, one row of {@code metrics.csv}.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the mean training loss
 * @param trainAccuracy the training accuracy (on augmented crops, with dropout)
 * @param valLoss the mean validation loss (center crop)
 * @param valAccuracy the validation top-1 accuracy
 * @param valTop5Accuracy the validation top-5 accuracy
 * @param imagesPerSecond training images per second, loading included
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double valLoss,
        double valAccuracy,
        double valTop5Accuracy,
        double imagesPerSecond) {

    /** The header of {@code metrics.csv}. */
    public static final String CSV_HEADER =
            "epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_top5_accuracy,images_per_second";

    /**
     * Formats this as a CSV row.
     *
     * @return the row, without line break
     */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.1f",
                epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, valTop5Accuracy, imagesPerSecond);
    }

    /**
     * Parses a row written by {@link #toCsv()}.
     *
     * @param row the row
     * @return the metrics
     * @throws IllegalArgumentException if the row does not have 7 numbers
     */
    public static EpochMetrics fromCsv(String row) {
        String[] f = row.trim().split(",");
        if (f.length != 7) {
            throw new IllegalArgumentException("metrics row needs 7 fields (" + CSV_HEADER + "), got: " + row);
        }
        try {
            return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metrics row has a field that is not a number: " + row, e);
        }
    }
}
