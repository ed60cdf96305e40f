package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.Benchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin private BenchOptions.BatchSizes batchSizes;

    @Mixin private BenchOptions.Engines engines;

    @Mixin private BenchOptions.Levers levers;

    @Mixin private BenchOptions.Report report;

    @Mixin private BenchOptions.Chart chart;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        Benchmark.Builder bench = batchSizes.applyTo(engines.applyTo(timing.applyTo(network.benchmark())))
                .optLevers(levers.levers()).optTrainingBatchSize(0);
        return BenchCommand.measure(spec, BenchCommand.build(spec, bench), null, report, chart);
    }
}
