package io.github.alexnetdjl.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code alexnet spark classify|embed|evaluate}: image jobs on Spark. Results go to Parquet, the summary to
 * standard output, Spark's and the library's logs to standard error at WARN unless {@code --log-level} says
 * otherwise.
 */
@Command(
        name = "alexnet spark",
        mixinStandardHelpOptions = true,
        versionProvider = SparkMain.Version.class,
        description = {
            "Classifies, embeds or evaluates images on Apache Spark: locally on every core",
            "(--master local[*], the default) or, through spark-submit, on a cluster.",
            "See docs/spark.md."
        },
        subcommands = {ClassifyCommand.class, EmbedCommand.class, EvaluateCommand.class,
            CommandLine.HelpCommand.class})
public final class SparkMain {

    /** The Log4j 2 configuration the command starts with unless the JVM names one: WARN, to stderr. */
    static final String LOG_CONFIGURATION = "io/github/alexnetdjl/spark/cli/log4j2-warn.properties";

    private SparkMain() {}

    /** The module's version, from its jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SparkMain.class.getPackage().getImplementationVersion();
            return new String[] {"alexnet spark " + (version == null ? "(development build)" : version)};
        }
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // Before anything logs: Spark's own default configuration logs at INFO.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line, writing to the given streams; a failure is one line on {@code err} and status 1.
     *
     * @param out where the summary goes
     * @param err where errors and usage go
     * @param args the arguments
     * @return the exit status
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new SparkMain()).setOut(out).setErr(err)
                .setExecutionExceptionHandler(new SparkFailures()).execute(args);
    }
}
