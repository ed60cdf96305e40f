package io.github.alexnetdjl.spark.cli;

import io.github.alexnetdjl.spark.ImageTask;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code alexnet spark classify}. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes each image's five most probable classes and their probabilities.",
            "Columns: the input's (path for files), classes, probabilities, and error,",
            "which says why an image could not be read (null when it was).",
            ""
        })
final class ClassifyCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private JobOptions job;

    @Override
    public Integer call() throws IOException {
        job.run(ImageTask.CLASSIFY, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
