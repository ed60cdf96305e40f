package io.github.alexnetdjl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./alexnet spark}, listed here so that {@code ./alexnet --help} shows it. The jobs need Spark's jars,
 * which this command line does not carry: the {@code ./alexnet} launcher runs them from the alexnet-djl-spark
 * module, with Spark on the class path, before this class is reached. Reached, it says so.
 */
@Command(
        name = "spark",
        description = {
            "Classifies, embeds or evaluates images on Apache Spark: ./alexnet spark",
            "classify|embed|evaluate --model DIR --input PATH --output PATH [--master URL].",
            "Runs from the alexnet-djl-spark module with Spark on its class path",
            "(./alexnet spark --help); on a cluster through spark-submit (docs/spark.md).",
            ""
        })
final class SparkCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    /** Whatever was given: the jobs' own command line parses it. */
    @Unmatched private List<String> arguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": the Spark jobs run from the alexnet-djl-spark"
                + " module, with Spark on the class path: use ./alexnet spark, or spark-submit with the module's"
                + " assembly jar (docs/spark.md)");
        spec.commandLine().getErr().flush();
        return 1;
    }
}
