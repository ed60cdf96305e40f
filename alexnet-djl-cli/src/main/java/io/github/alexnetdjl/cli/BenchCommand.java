package io.github.alexnetdjl.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.JsonUtils;
import io.github.alexnetdjl.bench.BenchReport;
import io.github.alexnetdjl.bench.Benchmark;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.bench.LayerProfile;
import io.github.alexnetdjl.bench.MemorySoak;
import io.github.alexnetdjl.bench.SoakReport;
import io.github.alexnetdjl.bench.PipelineBenchmark;
import io.github.alexnetdjl.bench.PeerReport;
import io.github.alexnetdjl.bench.PipelineReport;
import io.github.alexnetdjl.bench.ProcessorPeak;
import io.github.alexnetdjl.bench.Throughput;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./alexnet bench}: throughput and memory against the machine's best kernel, and against ONNX Runtime. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures this machine's ceiling through libtorch (the faster of float32",
            "matrix multiplies and large convolutions), then inference (images/s,",
            "latency) and training steps (images/s), each as a fraction of that ceiling",
            "by wall clock and by CPU time, and peak heap and resident memory. With",
            "--peer onnxruntime, the same network exported to ONNX then runs in ONNX",
            "Runtime on the same threads and batches, and each workload is printed as",
            "ours / peer. First, the data pipeline (JPEG decode, resize, crop, flip,",
            "normalize, batch) in images/s per core. --soak measures memory over a long",
            "run instead. See docs/benchmarks.md.",
            "Allocator and OpenMP settings come from the environment (./alexnet sets",
            "MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_ARENA_MAX and",
            "GOMP_SPINCOUNT); threads from -Dai.djl.pytorch.num_threads in JAVA_OPTS."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--quick",
            description = "A smoke run: 1 warm-up and 3 timed batches per result, a short ceiling.")
    private boolean quick;

    @Option(names = "--json", description = "Print the report as JSON on stdout (progress goes to stderr).")
    private boolean json;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Also write the JSON report to FILE.")
    private Path output;

    @Option(
            names = "--variant",
            defaultValue = "seed",
            converter = SummaryCommand.VariantConverter.class,
            description = "The network: seed, paper or torchvision (default: ${DEFAULT-VALUE}).")
    private Variant variant;

    @Option(
            names = "--batch-sizes",
            split = ",",
            paramLabel = "N",
            description = "Inference batch sizes (default: 1,32, and 128 on a GPU).")
    private List<Integer> batchSizes;

    @Option(
            names = "--train-batch-size",
            paramLabel = "N",
            description = "Training batch size, 0 to skip training (default: 32, 128 on a GPU).")
    private Integer trainBatchSize;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            description = "Least time per result, after the warm-up (default: 5, 0 with --quick).")
    private Double seconds;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Fewest timed batches per result (default: 10, 3 with --quick).")
    private Integer iterations;

    @Option(names = "--chart", paramLabel = "PNG", description = "Also draw the results as a bar chart.")
    private Path chart;

    @Option(
            names = "--compare",
            paramLabel = "LABEL=JSON",
            description = "Measure nothing: chart saved reports (from --output) side by side into the --chart"
                    + " file, as images per CPU-second. Repeatable.")
    private Map<String, Path> compare;

    @Option(
            names = "--profile",
            paramLabel = "BATCH",
            description = "Measure nothing else: time each layer of the inference network at this batch size.")
    private Integer profile;

    /** The engines a benchmark can be compared with. */
    enum Peer {
        onnxruntime
    }

    @Option(
            names = "--peer",
            paramLabel = "onnxruntime",
            description = "After the network's own measurements, export it to ONNX and run it in ONNX Runtime"
                    + " (same process, threads and batches); print ours / peer for every workload.")
    private Peer peer;

    /** The engines this library's inference can run on. */
    enum InferenceEngine {
        pytorch,
        onnxruntime
    }

    @Option(
            names = "--engine",
            paramLabel = "pytorch|onnxruntime",
            defaultValue = "pytorch",
            description = "The engine of this library's inference: pytorch (libtorch), or onnxruntime (the network"
                    + " exported to ONNX behind DJL's ONNX Runtime engine); training always runs on pytorch"
                    + " (default: ${DEFAULT-VALUE}).")
    private InferenceEngine engine;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate in inference (measures the lever).")
    private boolean noFold;

    @Option(names = "--nchw", description = "Keep convolution weights NCHW in inference, not channels-last"
            + " (measures the lever).")
    private boolean nchw;

    @Option(names = "--plain-dense", description = "Run the dense layers as x.W' (DJL's Linear) in inference,"
            + " not weight-major (measures the lever).")
    private boolean plainDense;

    @Option(names = "--grad", description = "Leave autograd on in inference (measures the lever).")
    private boolean grad;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(
            names = "--pipeline-images",
            paramLabel = "N",
            description = "JPEGs (500x375, written to a temporary folder) for the data-pipeline section, run"
                    + " first: decode once, augment+batch per epoch, and the uncached path; 0 skips it"
                    + " (default: 512, 16 with --quick).")
    private Integer pipelineImages;

    @Option(
            names = "--soak",
            paramLabel = "STEPS",
            description = "Measure nothing else: STEPS training steps, then --soak-predictions predictions,"
                    + " sampling heap (after GC) and resident memory 20 times each; reports the drift between"
                    + " the first and second half (the target: within 5%%).")
    private Integer soak;

    @Option(
            names = "--soak-batch",
            paramLabel = "N",
            defaultValue = "32",
            description = "Training batch size of --soak (default: ${DEFAULT-VALUE}).")
    private int soakBatch;

    @Option(
            names = "--soak-predictions",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Predictions at batch 1 after the --soak training steps, 0 to skip"
                    + " (default: ${DEFAULT-VALUE}).")
    private int soakPredictions;

    @Option(
            names = "--soak-warmup",
            paramLabel = "N",
            defaultValue = "10",
            description = "Steps of each --soak phase before the first sample (default: ${DEFAULT-VALUE}).")
    private int soakWarmup;

    @Option(
            names = "--uint8-batches",
            description = "Data pipeline: build uint8 batches normalized by the engine (the trainer's path on a"
                    + " GPU, timed here on the CPU) instead of float32 batches normalized in Java (its path on"
                    + " the CPU); measures the lever.")
    private boolean uint8Batches;

    @Option(
            names = "--pipeline-only",
            description = "Measure only the data pipeline, no ceiling and no network.")
    private boolean pipelineOnly;

    @Override
    public Integer call() throws IOException {
        if (compare != null) {
            return compareSaved();
        }
        String name = variant.name().toLowerCase(Locale.ROOT);
        Supplier<AlexNetBlock> network = () -> AlexNetBlock.builder().optVariant(variant).build();
        ModelFactory.Builder factoryBuilder = ModelFactory.builder();
        if (cpu) {
            factoryBuilder.optDevice(Device.cpu());
        }
        ModelFactory factory = factoryBuilder.build();
        if (profile != null) {
            return profileLayers(network.get(), factory);
        }
        if (soak != null) {
            return soak(name, network, factory);
        }
        boolean gpu = factory.chooseDevice().device().isGpu();
        int[] inference =
                batchSizes != null
                        ? batchSizes.stream().mapToInt(Integer::intValue).toArray()
                        : gpu ? new int[] {1, 32, 128} : new int[] {1, 32};
        int training = trainBatchSize != null ? trainBatchSize : gpu ? 128 : 32;
        Benchmark.Builder bench =
                Benchmark.builder()
                        .setNetwork(name, network)
                        .optModelFactory(factory)
                        .optInferenceBatchSizes(inference)
                        .optTrainingBatchSize(training)
                        .optFoldBatchNorm(!noFold)
                        .optChannelsLast(!nchw)
                        .optWeightMajorDense(!plainDense)
                        .optGradMode(grad)
                        .optOnnxRuntimePeer(peer == Peer.onnxruntime)
                        .optOnnxRuntimeEngine(engine == InferenceEngine.onnxruntime);
        if (quick) {
            bench.optIterations(1, iterations != null ? iterations : 3, seconds != null ? seconds : 0)
                    .optMatmul(0.1, 256, 1024)
                    .optConvolutionBatch(2);
        } else {
            bench.optIterations(3, iterations != null ? iterations : 10, seconds != null ? seconds : 5);
            if (gpu) {
                bench.optMatmul(0.5, 1024, 2048, 4096, 8192);
            }
        }
        Benchmark benchmark;
        try {
            benchmark = bench.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        PipelineReport pipeline = pipeline(progress);
        if (pipelineOnly) {
            return finish(JsonUtils.GSON_PRETTY.toJson(pipeline), null, out);
        }
        progress.println(HEADER);
        progress.flush();
        BenchReport report =
                benchmark.run(
                        result -> {
                            progress.println(row(result));
                            progress.flush();
                        },
                        result -> {
                            progress.println(row(PEER_LABEL, result));
                            progress.flush();
                        }).withPipeline(pipeline);
        return finish(JsonUtils.GSON_PRETTY.toJson(report), report, out);
    }

    /** Runs the data-pipeline section first, while no libtorch thread is spinning, unless it is skipped. */
    private PipelineReport pipeline(PrintWriter progress) throws IOException {
        int count = pipelineImages != null ? pipelineImages : quick ? 16 : 512;
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--pipeline-images: expected 0 or more, got " + count);
        }
        if (count == 0) {
            if (pipelineOnly) {
                throw new ParameterException(spec.commandLine(), "--pipeline-only needs --pipeline-images > 0");
            }
            return null;
        }
        progress.printf(Locale.ROOT, "Data pipeline: %d JPEGs, 500x375 -> 256 -> random 224 crop, flip,"
                + " normalize, batch 32, %s%n", count,
                uint8Batches ? "uint8 batches normalized by the engine" : "float32 batches normalized in Java");
        progress.flush();
        PipelineReport pipeline = PipelineBenchmark.builder().optImages(count).optNormalizeOnDevice(uint8Batches)
                .build().run();
        progress.println(pipelineText(pipeline));
        progress.flush();
        return pipeline;
    }

    private static String pipelineText(PipelineReport pipeline) {
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

    private int soak(String name, Supplier<AlexNetBlock> network, ModelFactory factory) throws IOException {
        MemorySoak run;
        try {
            run = MemorySoak.builder().setNetwork(name, network).optModelFactory(factory)
                    .optTraining(soak, soakBatch).optPredictions(soakPredictions, 1).optSampling(20, soakWarmup)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--soak: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        SoakReport report = run.run(line -> {
            progress.println(line);
            progress.flush();
        });
        if (!json) {
            for (SoakReport.Phase phase : report.phases()) {
                out.printf(Locale.ROOT, "%s: %d steps at batch %d in %.0f s, heap drift %+.1f%%, RSS drift %+.1f%%: %s%n",
                        phase.workload(), phase.steps(), phase.batchSize(), phase.seconds(), 100 * phase.heapDrift(),
                        100 * phase.residentDrift(), phase.flat() ? "flat within 5%" : "NOT flat within 5%");
            }
        }
        return finish(JsonUtils.GSON_PRETTY.toJson(report), null, out);
    }

    private int finish(String text, BenchReport report, PrintWriter out) throws IOException {
        if (output != null) {
            AtomicFiles.write(output, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (chart != null && report != null) {
            BenchChart.writeRun(report, chart);
        }
        if (json) {
            out.println(text);
        } else if (report != null) {
            out.println(summary(report));
        }
        out.flush();
        return 0;
    }

    private static final String PEER_LABEL = "onnxruntime";

    private static final String HEADER =
            String.format(Locale.ROOT, "%-11s %5s %9s %9s %9s %8s %8s %9s %9s %9s",
                    "workload", "batch", "images/s", "median ms", "p90 ms", "GFLOP/s", "ceiling", "CPU ms/b",
                    "faults/b", "CPU ceil.");

    private static String row(Throughput result) {
        return row(result.workload(), result);
    }

    private static String row(String label, Throughput result) {
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

    private static String summary(BenchReport report) {
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

    private int profileLayers(AlexNetBlock block, ModelFactory factory) {
        if (profile <= 0) {
            throw new ParameterException(spec.commandLine(), "--profile: batch size must be positive, got " + profile);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = factory.newModel(variant.name().toLowerCase(Locale.ROOT), block, block.getInputShape(1))) {
            NDManager manager = model.getNDManager();
            JniUtils.setGradMode(grad);
            Block net = noFold ? block : InferenceOptimizer.foldBatchNorm(block, manager);
            net = nchw ? net : InferenceOptimizer.channelsLast(net, manager);
            net = plainDense ? net : InferenceOptimizer.weightMajorDense(net, manager);
            List<LayerProfile.Layer> layers =
                    LayerProfile.measure(block.getSpec(), net, manager, profile, quick ? 2 : 5);
            out.printf(Locale.ROOT, "%-16s %-12s %-22s %10s %10s %9s%n",
                    "layer", "type", "output", "median ms", "CPU ms", "GFLOP/s");
            double total = 0;
            for (LayerProfile.Layer layer : layers) {
                total += layer.medianMillis();
                out.printf(Locale.ROOT, "%-16s %-12s %-22s %10.2f %10.2f %9s%n",
                        layer.path(), layer.type(), layer.outputShape(), layer.medianMillis(), layer.cpuMillis(),
                        layer.flops() == 0 ? "" : String.format(Locale.ROOT, "%.1f", layer.gflops()));
            }
            out.printf(Locale.ROOT, "%-52s %10.2f%n", "sum of medians", total);
        }
        out.flush();
        return 0;
    }

    private int compareSaved() throws IOException {
        if (chart == null) {
            throw new ParameterException(spec.commandLine(), "--compare needs --chart FILE to draw into");
        }
        Map<String, BenchReport> reports = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : compare.entrySet()) {
            try {
                reports.put(entry.getKey(), JsonUtils.GSON.fromJson(
                        Files.readString(entry.getValue(), StandardCharsets.UTF_8), BenchReport.class));
            } catch (IOException | RuntimeException e) {
                throw new ParameterException(spec.commandLine(),
                        "--compare " + entry.getKey() + ": cannot read a bench report (--output JSON) from "
                                + entry.getValue() + ": " + e.getMessage(), e);
            }
        }
        BenchChart.writeComparison(reports, chart);
        spec.commandLine().getOut().println("Wrote " + chart);
        return 0;
    }
}
