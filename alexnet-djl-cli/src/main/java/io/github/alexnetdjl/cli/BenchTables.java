package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.BenchReport;
import io.github.alexnetdjl.bench.LayerProfile;
import io.github.alexnetdjl.bench.PeerReport;
import io.github.alexnetdjl.bench.PipelineReport;
import io.github.alexnetdjl.bench.ProcessorPeak;
import io.github.alexnetdjl.bench.SoakReport;
import io.github.alexnetdjl.bench.Throughput;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench commands' reports as text: tables of results and the conditions they ran under. */
final class BenchTables {

    /** The label of the peer's rows. */
    static final String PEER_LABEL = "onnxruntime";

    /** The header of the throughput rows. */
    static final String HEADER =
            String.format(Locale.ROOT, "%-11s %5s %9s %9s %9s %8s %8s %9s %9s %9s",
                    "workload", "batch", "images/s", "median ms", "p90 ms", "GFLOP/s", "ceiling", "CPU ms/b",
                    "faults/b", "CPU ceil.");

    private BenchTables() {}

    /** One result of this library, as a row under {@link #HEADER}. */
    static String row(Throughput result) {
        return row(result.workload(), result);
    }

    /** One result under a label of its own (the peer's), as a row under {@link #HEADER}. */
    static String row(String label, Throughput result) {
        return String.format(
                Locale.ROOT,
                "%-11s %5d %9.1f %9.2f %9.2f %8.1f %7.1f%% %9.1f %9.0f %8.1f%%",
                label,
                result.batchSize(),
                result.imagesPerSecond(),
                result.medianMillis(),
                result.p90Millis(),
                result.gflops(),
                100 * result.fractionOfCeiling(),
                result.cpuMillisPerBatch(),
                result.minorFaultsPerBatch(),
                100 * result.cpuFractionOfCeiling());
    }

    /** A whole benchmark: every result against the final ceiling, the ceiling, the machine, and the peer. */
    static String summary(BenchReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%nAgainst the best ceiling of both measurements:%n%s%n", HEADER));
        for (Throughput result : report.results()) {
            text.append(row(result)).append(String.format("%n"));
        }
        if (report.peer() != null) {
            for (Throughput result : report.peer().results()) {
                text.append(row(PEER_LABEL, result)).append(String.format("%n"));
            }
        }
        text.append(String.format(Locale.ROOT,
                "%nCeiling: %.1f GFLOP/s (%.1f GFLOP per CPU-second), the best kernel measured: %s; float32 matmul"
                        + " %s, convolutions %s; on %s, %d intra-op / %d inter-op threads%n",
                report.ceilingGflops(), report.ceilingGflopsPerCpuSecond(), report.ceilingKernel(),
                gflops(report.ceilingBySize()), gflops(report.ceilingConvolutions()), report.device(),
                report.intraOpThreads(), report.interOpThreads()));
        ProcessorPeak peak = report.processorPeak();
        text.append(String.format(Locale.ROOT,
                "Theoretical float32 peak (an estimate): %d cores x %d FMA units (assumed) x %d lanes (%s) x 2 FLOP"
                        + " x %.2f GHz (%s) = %.1f GFLOP/s%n",
                peak.cores(), peak.fmaUnits(), peak.lanes(), peak.instructions(), peak.gigahertz(),
                peak.clockSource(), peak.gflops()));
        text.append(String.format(Locale.ROOT,
                "Network: %s %s, %.3f GFLOP forward per image (training step: 3x)%n",
                report.variant(), report.imageShape(), report.forwardGflopsPerImage()));
        text.append(String.format(Locale.ROOT,
                "Memory: heap peak %.0f MB, resident %.0f MB at start, %.0f MB at end, %.0f MB peak%n",
                report.memory().heapPeakBytes() / 1e6, report.memory().residentStartBytes() / 1e6,
                report.memory().residentEndBytes() / 1e6, report.memory().residentPeakBytes() / 1e6));
        text.append(String.format(Locale.ROOT, "Machine: %s, %d processors, load %.2f; %s; options %s",
                report.cpu(), report.availableProcessors(), report.loadAverage(),
                report.environment().isEmpty() ? "default allocator" : report.environment(), report.options()));
        if (report.peer() != null) {
            text.append(peerTable(report));
        }
        return text.toString();
    }

    private static String peerTable(BenchReport report) {
        PeerReport peer = report.peer();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%n%nAgainst %s (same process, %d intra-op / %d inter-op threads, same batches; outputs differ by"
                        + " at most %.1e):%n%-10s %5s %12s %12s %12s",
                peer.engine(), peer.intraOpThreads(), peer.interOpThreads(), peer.maxAbsDifference(),
                "workload", "batch", "ours img/s", "peer img/s", "ours / peer"));
        for (Throughput result : report.results()) {
            PeerReport.Comparison match = peer.comparisons().stream()
                    .filter(c -> c.workload().equals(result.workload()) && c.batchSize() == result.batchSize())
                    .findFirst().orElse(null);
            text.append(match == null
                    ? String.format(Locale.ROOT, "%n%-10s %5d %12.1f %12s %12s", result.workload(),
                            result.batchSize(), result.imagesPerSecond(), "n/a", "")
                    : String.format(Locale.ROOT, "%n%-10s %5d %12.1f %12.1f %11.2fx", match.workload(),
                            match.batchSize(), match.imagesPerSecond(), match.peerImagesPerSecond(), match.ratio()));
        }
        return text.toString();
    }

    private static String gflops(Map<?, Double> byKernel) {
        StringBuilder text = new StringBuilder();
        byKernel.forEach((kernel, gflops) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", kernel, gflops)));
        return text.toString();
    }

    /** The data pipeline's stages, and one thread's CPU time per image by step. */
    static String pipeline(PipelineReport pipeline) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-14s %7s %9s %9s %10s %12s%n",
                "stage", "images", "seconds", "images/s", "per core", "per CPU-s"));
        for (PipelineReport.Stage stage : pipeline.stages()) {
            text.append(String.format(Locale.ROOT, "%-14s %7d %9.2f %9.1f %10.1f %12.1f%n", stage.name(),
                    stage.images(), stage.seconds(), stage.imagesPerSecond(), stage.imagesPerSecondPerCore(),
                    stage.imagesPerCpuSecond()));
        }
        text.append(String.format(Locale.ROOT, "One thread, CPU ms per image (mean JPEG %.0f kB, %d cores, load %.2f):",
                pipeline.meanJpegBytes() / 1e3, pipeline.threads(), pipeline.loadAverage()));
        pipeline.millisPerImageOneThread().forEach(
                (step, millis) -> text.append(String.format(Locale.ROOT, " %s %.2f;", step, millis)));
        return text.toString();
    }

    /** Each phase of a memory soak: its drift of heap and resident memory, and whether that is flat. */
    static String soak(SoakReport report) {
        StringBuilder text = new StringBuilder();
        for (SoakReport.Phase phase : report.phases()) {
            text.append(text.length() == 0 ? "" : String.format("%n")).append(String.format(Locale.ROOT,
                    "%s: %d steps at batch %d in %.0f s, heap drift %+.1f%%, RSS drift %+.1f%%: %s",
                    phase.workload(), phase.steps(), phase.batchSize(), phase.seconds(), 100 * phase.heapDrift(),
                    100 * phase.residentDrift(), phase.flat() ? "flat within 5%" : "NOT flat within 5%"));
        }
        return text.toString();
    }

    /** Each leaf layer's time, and the sum of their medians. */
    static String profile(List<LayerProfile.Layer> layers) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-16s %-12s %-22s %10s %10s %9s%n",
                "layer", "type", "output", "median ms", "CPU ms", "GFLOP/s"));
        double total = 0;
        for (LayerProfile.Layer layer : layers) {
            total += layer.medianMillis();
            text.append(String.format(Locale.ROOT, "%-16s %-12s %-22s %10.2f %10.2f %9s%n",
                    layer.path(), layer.type(), layer.outputShape(), layer.medianMillis(), layer.cpuMillis(),
                    layer.flops() == 0 ? "" : String.format(Locale.ROOT, "%.1f", layer.gflops())));
        }
        return text.append(String.format(Locale.ROOT, "%-52s %10.2f", "sum of medians", total)).toString();
    }
}
