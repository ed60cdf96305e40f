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
            "Writes each image's fc7 activations, the network's image embedding.",
            "Columns: the input's (path for files), embedding, and error, which says",
            "why an image could not be read (null when it was).",
            ""
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
