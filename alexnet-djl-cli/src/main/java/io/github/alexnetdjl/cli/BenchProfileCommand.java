package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.InferenceProfile;
import io.github.alexnetdjl.bench.LayerProfile;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench profile}: each layer of the inference network, timed on its own. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Times each layer of the inference network on its own: median wall time,",
            "CPU time and, for convolutions and dense layers, GFLOP/s, as libtorch",
            "runs them with the inference levers on."
        })
final class BenchProfileCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private BenchOptions.Network network;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "32",
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--quick", description = "A smoke run: 2 timed batches instead of 5.")
    private boolean quick;

    @Mixin private BenchOptions.Levers levers;

    @Override
    public Integer call() {
        BenchOptions.refuseParentOptions(spec);
        InferenceProfile profile;
        try {
            profile = InferenceProfile.builder().setNetwork(network.name(), network.blocks().get())
                    .optModelFactory(network.factory()).optLevers(levers.levers()).optBatchSize(batchSize)
                    .optBatches(quick ? 2 : 5).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--batch-size: " + e.getMessage(), e);
        }
        List<LayerProfile.Layer> layers = profile.measure();
        PrintWriter out = spec.commandLine().getOut();
        out.println(BenchTables.profile(layers));
        out.flush();
        return 0;
    }
}
