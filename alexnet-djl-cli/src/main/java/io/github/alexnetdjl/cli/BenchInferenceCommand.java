package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.Benchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench inference}: the ceiling and inference only. */
@Command(
        name = "inference",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures inference only (images/s, latency) against this machine's",
            "ceiling. With --peer onnxruntime, the same batches then run in ONNX",
            "Runtime and each is printed as ours / peer."
        })
final class BenchInferenceCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private BenchOptions.Network network;

    @Mixin private BenchOptions.Timing timing;

    @Option(
            names = "--batch-sizes",
            split = ",",
            paramLabel = "N",
            description = "Batch sizes (default: 1,32, and 128 on a GPU).")
    private List<Integer> batchSizes;

    @Mixin private BenchOptions.Engines engines;

    @Mixin private BenchOptions.Levers levers;

    @Mixin private BenchOptions.Report report;

    @Option(names = "--chart", paramLabel = "PNG", description = "Also draw the results as a bar chart.")
    private Path chart;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        Benchmark.Builder bench = engines.applyTo(timing.applyTo(network.benchmark())).optLevers(levers.levers())
                .optTrainingBatchSize(0);
        if (batchSizes != null) {
            bench.optInferenceBatchSizes(batchSizes.stream().mapToInt(Integer::intValue).toArray());
        }
        return BenchCommand.measure(spec, BenchCommand.build(spec, bench), null, report, chart);
    }
}
