package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.training.EpochMetrics;
import io.github.alexnetdjl.training.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Draws one progress line per epoch (images/s, loss, accuracy), then the epoch's summary. */
final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final int epochs;
    private long lastDraw;

    ProgressBar(PrintWriter out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public void onBatch(int epoch, int images, int totalImages, double imagesPerSecond, double loss, double accuracy) {
        long now = System.nanoTime();
        if (images < totalImages && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * images / totalImages);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  %.0f img/s  loss %.4f  acc %.1f%%",
                epoch, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), images, totalImages, imagesPerSecond,
                loss, 100 * accuracy);
        out.flush();
    }

    @Override
    public void onEpoch(EpochMetrics m, float learningRate, boolean best) {
        out.printf(Locale.ROOT, "%nepoch %d/%d  train loss %.4f acc %.1f%%  |  val loss %.4f top-1 %.1f%% top-5 %.1f%%"
                        + "  |  %.0f img/s  next lr %.5g%s%n",
                m.epoch(), epochs, m.trainLoss(), 100 * m.trainAccuracy(), m.valLoss(), 100 * m.valAccuracy(),
                100 * m.valTop5Accuracy(), m.imagesPerSecond(), learningRate, best ? "  (best)" : "");
        out.flush();
    }
}
