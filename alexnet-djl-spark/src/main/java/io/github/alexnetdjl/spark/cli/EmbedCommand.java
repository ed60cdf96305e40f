package io.github.alexnetdjl.spark.cli;

import io.github.alexnetdjl.spark.ImageTask;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code alexnet spark embed}. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes each image's fc7 activations (column embedding; error for an image",
            "that could not be read)."
        })
final class EmbedCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private JobOptions job;

    @Override
    public Integer call() throws IOException {
        job.run(ImageTask.EMBED, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
