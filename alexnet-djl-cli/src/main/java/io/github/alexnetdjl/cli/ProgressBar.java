package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.training.EpochMetrics;
import io.github.alexnetdjl.training.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws one progress line per epoch (images/s, loss, accuracy), redrawn in place on a terminal, then the epoch's
 * summary. When the output is not a terminal (a log file) it writes a plain line every 10 seconds instead.
 */
final class ProgressBar implements TrainingProgress {

    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final int epochs;
    private final boolean interactive;
    private long lastDraw = System.nanoTime();
    private boolean lineOpen;

    ProgressBar(PrintWriter out, int epochs) {
        this(out, epochs, System.console() != null);
    }

    ProgressBar(PrintWriter out, int epochs, boolean interactive) {
        this.out = out;
        this.epochs = epochs;
        this.interactive = interactive;
    }

    @Override
    public void onBatch(int epoch, int images, int totalImages, double imagesPerSecond, double loss, double accuracy) {
        long now = System.nanoTime();
        long interval = interactive ? 200_000_000L : 10_000_000_000L;
        if (now - lastDraw < interval && (images < totalImages || !interactive)) {
            return;
        }
        lastDraw = now;
        out.printf(Locale.ROOT, (interactive ? "\r" : "") + "epoch %d/%d %s %d/%d  %.0f img/s  loss %.4f  acc %.1f%%",
                epoch, epochs, bar(images, totalImages), images, totalImages, imagesPerSecond, loss, 100 * accuracy);
        if (!interactive) {
            out.println();
        }
        lineOpen = interactive;
        out.flush();
    }

    /**
     * Draws the bar of a progress line, {@code [#####.......]}, the same for every command.
     *
     * @param done how much is done
     * @param total how much there is, positive
     * @return the bar, brackets included
     */
    static String bar(long done, long total) {
        int filled = (int) (WIDTH * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    /** Ends a progress line left open on a terminal, so that a message printed next starts on a line of its own. */
    void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }

    @Override
    public void onEpoch(EpochMetrics m, float learningRate, boolean best) {
        out.printf(Locale.ROOT, (interactive ? "%n" : "") + "epoch %d/%d  train loss %.4f acc %.1f%%  |  val loss %.4f top-1 %.1f%% top-5 %.1f%%"
                        + "  |  %.0f img/s  next lr %.5g%s%n",
                m.epoch(), epochs, m.trainLoss(), 100 * m.trainAccuracy(), m.valLoss(), 100 * m.valAccuracy(),
                100 * m.valTop5Accuracy(), m.imagesPerSecond(), learningRate, best ? "  (best)" : "");
        lineOpen = false;
        out.flush();
    }
}
