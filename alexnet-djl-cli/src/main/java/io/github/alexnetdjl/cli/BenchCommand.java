package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.BenchReport;
import io.github.alexnetdjl.bench.Benchmark;
import io.github.alexnetdjl.bench.PipelineReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./alexnet bench}: throughput and memory against the machine's best kernel, and against ONNX Runtime.
 * Alone it runs the full benchmark; its subcommands measure one part each.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures throughput and memory against this machine's ceiling and",
            "against ONNX Runtime.",
            "",
            "Alone, the full benchmark: the data pipeline (JPEG decode, resize, crop,",
            "flip, normalize, batch) in images/s per core; this machine's ceiling",
            "through libtorch (the faster of float32 matrix multiplies and large",
            "convolutions); inference (images/s, latency) and a training step",
            "(images/s), each as a fraction of that ceiling by wall clock and by CPU",
            "time; peak heap and resident memory. With --peer onnxruntime, the same",
            "network exported to ONNX then runs in ONNX Runtime on the same threads",
            "and batches, and each workload is printed as ours / peer. The",
            "subcommands measure one part each. See docs/benchmarks.md.",
            "",
            "Allocator and OpenMP settings come from the environment (./alexnet sets",
            "MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_ARENA_MAX and",
            "GOMP_SPINCOUNT); threads from -Dai.djl.pytorch.num_threads in JAVA_OPTS.",
            ""
        },
        subcommands = {
            BenchInferenceCommand.class,
            BenchTrainingCommand.class,
            BenchPipelineCommand.class,
            BenchSoakCommand.class,
            BenchProfileCommand.class,
            BenchCompareCommand.class
        })
final class BenchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private BenchOptions.Network network;

    @Mixin private BenchOptions.Timing timing;

    @Mixin private BenchOptions.BatchSizes batchSizes;

    @Option(
            names = "--train-batch-size",
            paramLabel = "N",
            description = "Training batch size, 0 to skip training (default: 32, 128 on a GPU).")
    private Integer trainBatchSize;

    @Mixin private BenchOptions.Engines engines;

    @Mixin private BenchOptions.Levers levers;

    @Option(
            names = "--pipeline-images",
            paramLabel = "N",
            description = "JPEGs for the data-pipeline section, run first; 0 skips it (default: 512, 16 with"
                    + " --quick). 'bench pipeline' runs it alone.")
    private Integer pipelineImages;

    @Option(
            names = "--uint8-batches",
            description = "Data pipeline: uint8 batches normalized by the engine (the trainer's path on a GPU)"
                    + " instead of float32 batches normalized in Java (measures the lever).")
    private boolean uint8Batches;

    @Mixin private BenchOptions.Report report;

    @Mixin private BenchOptions.Chart chart;

    @Override
    public Integer call() throws IOException {
        Benchmark.Builder bench = batchSizes.applyTo(engines.applyTo(timing.applyTo(network.benchmark())))
                .optLevers(levers.levers());
        if (trainBatchSize != null) {
            bench.optTrainingBatchSize(trainBatchSize);
        }
        Benchmark benchmark = build(spec, bench);
        int images = pipelineImages != null ? pipelineImages : BenchPipelineCommand.defaultImages(timing.quick());
        if (images < 0) {
            throw new ParameterException(spec.commandLine(), "--pipeline-images: expected 0 or more, got " + images);
        }
        // First, while no libtorch thread is spinning.
        PipelineReport pipeline =
                images == 0 ? null : BenchPipelineCommand.run(report.progress(spec), images, uint8Batches);
        return measure(spec, benchmark, pipeline, report, chart);
    }

    /**
     * Validates a benchmark's settings, reporting a refusal as a bad option of the command.
     *
     * @param spec the command
     * @param bench the settings
     * @return the benchmark
     */
    static Benchmark build(CommandSpec spec, Benchmark.Builder bench) {
        try {
            return bench.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Runs a benchmark, printing each result as it comes, then the report and its chart.
     *
     * @param spec the command
     * @param benchmark the benchmark
     * @param pipeline the data pipeline's report, measured before, or null
     * @param report where the report goes
     * @param chart the chart to draw, if any
     * @return the exit status
     * @throws IOException if the report or the chart cannot be written
     */
    static int measure(CommandSpec spec, Benchmark benchmark, PipelineReport pipeline, BenchOptions.Report report,
            BenchOptions.Chart chart) throws IOException {
        PrintWriter progress = report.progress(spec);
        progress.println(BenchTables.HEADER);
        progress.flush();
        BenchReport result = benchmark.run(
                measured -> {
                    progress.println(BenchTables.row(measured));
                    progress.flush();
                },
                peer -> {
                    progress.println(BenchTables.row(BenchTables.PEER_LABEL, peer));
                    progress.flush();
                }).withPipeline(pipeline);
        report.finish(spec, result, BenchTables.summary(result));
        if (chart.file() != null) {
            BenchChart.writeRun(result, chart.file());
        }
        return 0;
    }
}
