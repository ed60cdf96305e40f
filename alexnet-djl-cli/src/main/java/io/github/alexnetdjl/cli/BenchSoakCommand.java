package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.MemorySoak;
import io.github.alexnetdjl.bench.SoakReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench soak}: heap and resident memory over a long run. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures memory over a long run: training steps, then predictions,",
            "sampling heap (after GC) and resident memory 20 times each; reports the",
            "drift between the first and second half (the target: within 5%%)."
        })
final class BenchSoakCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private BenchOptions.Network network;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Training steps, 0 to skip training (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "32",
            description = "Images per training step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--predictions",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Predictions at batch 1 after the training steps, 0 to skip (default: ${DEFAULT-VALUE}).")
    private int predictions;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "10",
            description = "Steps of each phase before the first sample (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Mixin private BenchOptions.Report report;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        MemorySoak soak;
        try {
            soak = MemorySoak.builder().setNetwork(network.name(), network.blocks())
                    .optModelFactory(network.factory()).optTraining(steps, batchSize).optPredictions(predictions, 1)
                    .optSampling(20, warmup).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter progress = report.progress(spec);
        SoakReport result = soak.run(line -> {
            progress.println(line);
            progress.flush();
        });
        report.finish(spec, result, BenchTables.soak(result));
        return 0;
    }
}
