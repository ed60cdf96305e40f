package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.features.ImageProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws the progress of a pass over image files as the training's progress line does ({@link ProgressBar}):
 * redrawn in place on a terminal, a plain line every 10 seconds in a log file. Each skipped file is named on a
 * line of its own, {@code alexnet <command>: <why>}, as it is met.
 */
final class ImageProgressBar implements ImageProgress {

    private final PrintWriter err;
    private final String command;
    private final String what;
    private final boolean interactive;
    private final long interval;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean lineOpen;
    private int skipped;

    /**
     * Creates the bar.
     *
     * @param err where it is drawn, standard error
     * @param command the command's qualified name, to start the lines naming skipped files
     * @param what what is done to the images, e.g. "fc7 features"
     * @param interactive whether {@code err} is a terminal
     */
    ImageProgressBar(PrintWriter err, String command, String what, boolean interactive) {
        this.err = err;
        this.command = command;
        this.what = what;
        this.interactive = interactive;
        this.interval = interactive ? 200_000_000L : 10_000_000_000L;
        // a terminal shows the bar at once; a log file gets its first line after the interval
        this.lastDraw = interactive ? start - interval : start;
    }

    @Override
    public void onImages(int done, int total) {
        long now = System.nanoTime();
        if (now - lastDraw < interval && done < total) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        err.printf(Locale.ROOT, (interactive ? "\r" : "") + "%s %s %d/%d  %.0f img/s%s", what,
                ProgressBar.bar(done, total), done, total, done / seconds,
                skipped == 0 ? "" : "  " + skipped + " skipped");
        if (interactive && done < total) {
            lineOpen = true;
        } else {
            err.println();
            lineOpen = false;
        }
        err.flush();
    }

    @Override
    public void onSkipped(DecodedImages.Skipped file) {
        skipped++;
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
        err.println(command + ": " + file.reason());
        err.flush();
    }
}
