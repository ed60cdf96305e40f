package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.store.FileErrors;
import io.github.alexnetdjl.training.EpochMetrics;
import io.github.alexnetdjl.training.FilterGrid;
import io.github.alexnetdjl.training.TrainingProgress;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Redraws a training run's loss and accuracy chart, {@code metrics.png}, after every epoch. */
final class MetricsChart implements TrainingProgress {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The chart's file name in the run's output directory, next to metrics.csv. */
    static final String FILE_NAME = "metrics.png";

    private final Path png;

    MetricsChart(Path output) {
        this.png = output.resolve(FILE_NAME);
    }

    @Override
    public void onHistory(List<EpochMetrics> history) {
        try {
            write(history, png);
        } catch (IOException e) {
            // A file-system failure names the file already (AtomicFiles); the PNG encoder's do not.
            throw new UncheckedIOException(e instanceof FileSystemException ? e
                    : new IOException("cannot write " + png + ": " + FileErrors.reason(e), e));
        }
    }

    /**
     * Draws loss (left) and accuracy (right) per epoch, training and validation, into one PNG.
     *
     * @param rows the epochs' metrics
     * @param png the file to write, atomically
     * @throws IOException if writing fails
     */
    static void write(List<EpochMetrics> rows, Path png) throws IOException {
        double[] epochs = rows.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart loss = chart("Loss", "cross-entropy");
        loss.addSeries("train", epochs, rows.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
        loss.addSeries("validation", epochs, rows.stream().mapToDouble(EpochMetrics::valLoss).toArray());
        XYChart accuracy = chart("Accuracy", "accuracy");
        accuracy.addSeries("train", epochs, rows.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray());
        accuracy.addSeries("validation top-1", epochs, rows.stream().mapToDouble(EpochMetrics::valAccuracy).toArray());
        accuracy.addSeries("validation top-5", epochs, rows.stream().mapToDouble(EpochMetrics::valTop5Accuracy).toArray());
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        FilterGrid.writePng(both, png);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(600).height(400).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setDecimalPattern("#0.###");
        return chart;
    }

}
