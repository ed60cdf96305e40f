package io.github.alexnetdjl.spark.cli;

import io.github.alexnetdjl.spark.ImageTask;
import io.github.alexnetdjl.spark.JobSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code alexnet spark evaluate}. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluates a model on images labelled by the name of their folder.",
            "Writes each image's label, classes, probabilities, top1 and top5 (hits)",
            "and error, and prints the top-1 and top-5 error per class and overall,",
            "center crop, counted as ./alexnet evaluate counts them.",
            ""
        })
final class EvaluateCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private JobOptions job;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        JobSummary summary = job.run(ImageTask.EVALUATE, out);
        int width = Math.max(5, summary.classes().stream().mapToInt(c -> c.label().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %8s  %11s  %11s  %10s%n", "Class", "Images", "Top-1 error",
                "Top-5 error", "Unreadable");
        for (JobSummary.ClassErrors c : summary.classes()) {
            out.printf(Locale.ROOT, "%-" + width + "s  %8d  %10.2f%%  %10.2f%%  %10d%n", c.label(), c.images(),
                    100 * c.top1Error(), 100 * c.top5Error(), c.unreadable());
        }
        JobSummary.ClassErrors all = summary.overall();
        out.printf(Locale.ROOT, "Evaluated:   %d (center crop)%n", all.images());
        out.printf(Locale.ROOT, "Top-1 error: %.2f%%%n", 100 * all.top1Error());
        out.printf(Locale.ROOT, "Top-5 error: %.2f%%%n", 100 * all.top5Error());
        out.flush();
        return 0;
    }
}
