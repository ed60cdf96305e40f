package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.Benchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench training}: the ceiling and a training step only. */
@Command(
        name = "training",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures training steps only (forward, loss, backward, SGD update;",
            "images/s) against this machine's ceiling."
        })
final class BenchTrainingCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private BenchOptions.Network network;

    @Mixin private BenchOptions.Timing timing;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: 32, 128 on a GPU).")
    private Integer batchSize;

    @Mixin private BenchOptions.Report report;

    @Mixin private BenchOptions.Chart chart;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        Benchmark.Builder bench = timing.applyTo(network.benchmark()).optInferenceBatchSizes();
        if (batchSize != null) {
            if (batchSize < 1) {
                throw new ParameterException(spec.commandLine(), "--batch-size must be positive, got " + batchSize);
            }
            bench.optTrainingBatchSize(batchSize);
        }
        return BenchCommand.measure(spec, BenchCommand.build(spec, bench), null, report, chart);
    }
}
