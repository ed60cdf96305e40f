package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.BenchReport;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.bench.Throughput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** PNG bar charts of bench reports, drawn with XChart. */
final class BenchChart {

    private BenchChart() {}

    /** One run: each workload's fraction of the ceiling, by wall clock and by CPU time. */
    static void writeRun(BenchReport report, Path file) throws IOException {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(900)
                        .height(500)
                        .title(String.format(
                                "%s %s on %s: share of the float32 matmul ceiling (%.0f GFLOP/s)",
                                report.variant(), report.imageShape(), report.cpu(), report.ceilingGflops()))
                        .xAxisTitle("workload, batch size")
                        .yAxisTitle("% of ceiling")
                        .build();
        List<String> labels = labels(report.results());
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Throughput result : report.results()) {
            wall.add(100 * result.fractionOfCeiling());
            cpu.add(100 * result.cpuFractionOfCeiling());
        }
        chart.addSeries("wall clock", labels, wall);
        chart.addSeries("CPU time", labels, cpu);
        write(chart, file);
    }

    /** Several runs side by side, e.g. a lever on and off: images per CPU-second for each workload. */
    static void writeComparison(Map<String, BenchReport> reports, Path file) throws IOException {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(900)
                        .height(500)
                        .title("Images per CPU-second (higher is better)")
                        .xAxisTitle("workload, batch size")
                        .yAxisTitle("images / CPU-second")
                        .build();
        for (Map.Entry<String, BenchReport> entry : reports.entrySet()) {
            List<Throughput> results = entry.getValue().results();
            List<Double> values = new ArrayList<>();
            for (Throughput result : results) {
                values.add(result.batchSize() * 1000.0 / result.cpuMillisPerBatch());
            }
            chart.addSeries(entry.getKey(), labels(results), values);
        }
        write(chart, file);
    }

    private static List<String> labels(List<Throughput> results) {
        List<String> labels = new ArrayList<>();
        for (Throughput result : results) {
            labels.add(result.workload() + " " + result.batchSize());
        }
        return labels;
    }

    private static void write(CategoryChart chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
