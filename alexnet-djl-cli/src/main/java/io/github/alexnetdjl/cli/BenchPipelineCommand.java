package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.PipelineBenchmark;
import io.github.alexnetdjl.bench.PipelineReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench pipeline}: the data pipeline alone, no ceiling and no network. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures the data pipeline only: JPEG decode, resize, crop, flip,",
            "normalize and batch, in images/s per core.",
            "",
            "Its JPEGs (500x375, photo-like) are written to a temporary folder:",
            "decoded once, then augmented and batched per epoch, and the uncached path."
        })
final class BenchPipelineCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--quick", description = "A smoke run: 16 JPEGs unless --images says otherwise.")
    private boolean quick;

    @Option(names = "--images", paramLabel = "N", description = "How many JPEGs (default: 512, 16 with --quick).")
    private Integer images;

    @Option(
            names = "--uint8-batches",
            description = "Build uint8 batches normalized by the engine (the trainer's path on a GPU, timed here"
                    + " on the CPU) instead of float32 batches normalized in Java (its path on the CPU); measures"
                    + " the lever.")
    private boolean uint8Batches;

    @Mixin private BenchOptions.Report report;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        int count = images != null ? images : defaultImages(quick);
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--images must be positive, got " + count);
        }
        report.finish(spec, run(report.progress(spec), count, uint8Batches), null);
        return 0;
    }

    /** The JPEGs of the pipeline's measurement: 512, or 16 in a smoke run. */
    static int defaultImages(boolean quick) {
        return quick ? 16 : 512;
    }

    /**
     * Measures the data pipeline, printing what it measures and its table.
     *
     * @param progress where the table goes
     * @param images how many JPEGs
     * @param uint8Batches whether batches are uint8, normalized by the engine
     * @return the report
     * @throws IOException if the JPEGs cannot be written or read
     */
    static PipelineReport run(PrintWriter progress, int images, boolean uint8Batches) throws IOException {
        progress.printf(Locale.ROOT, "Data pipeline: %d JPEGs, 500x375 -> 256 -> random 224 crop, flip,"
                + " normalize, batch 32, %s%n", images,
                uint8Batches ? "uint8 batches normalized by the engine" : "float32 batches normalized in Java");
        progress.flush();
        PipelineReport pipeline = PipelineBenchmark.builder().optImages(images).optNormalizeOnDevice(uint8Batches)
                .build().run();
        progress.println(BenchTables.pipeline(pipeline));
        progress.flush();
        return pipeline;
    }
}
