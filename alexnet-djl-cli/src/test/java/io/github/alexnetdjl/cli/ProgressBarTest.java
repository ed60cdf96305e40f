package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.training.EpochMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line and the epoch summary. */
class ProgressBarTest {

    @Test
    void terminalRedrawsInPlaceAndEndsWithTheFullBarAndSummary() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 12, true);
        bar.onBatch(3, 32, 800, 100, 2.5, 0.125);
        bar.onBatch(3, 800, 800, 112.4, 1.36131, 0.453);
        bar.onEpoch(new EpochMetrics(3, 1.36131, 0.453, 1.3676, 0.465, 1.0, 112.4), 0.02f, true);
        String out = text.toString();
        assertTrue(out.startsWith("\repoch 3/12 [########################] 800/800  112 img/s  loss 1.3613  acc 45.3%"), out);
        assertTrue(out.endsWith("\nepoch 3/12  train loss 1.3613 acc 45.3%  |  val loss 1.3676 top-1 46.5% top-5 100.0%"
                + "  |  112 img/s  next lr 0.020000  (best)\n"), out);
    }

    @Test
    void logFilesGetPlainLinesOnly() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 2, false);
        bar.onBatch(1, 800, 800, 50, 1, 0.5);
        bar.onEpoch(new EpochMetrics(1, 1, 0.5, 1, 0.5, 1, 50), 0.01f, false);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(!text.toString().contains("\r"));
    }
}
