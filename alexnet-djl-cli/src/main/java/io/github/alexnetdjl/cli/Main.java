package io.github.alexnetdjl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./alexnet} command. With no subcommand it runs the main job, {@code summary}.
 *
 * <pre>
 * ./alexnet                 # same as ./alexnet summary
 * ./alexnet summary --help
 * ./alexnet train          # the synthetic demo; --data DIR for an image folder
 * ./alexnet evaluate --model runs/.../best --data DIR [--ten-crop]
 * ./alexnet predict --model runs/.../best [--json] IMAGE...
 * ./alexnet import --from keras|torchvision FILE --out DIR
 * ./alexnet shell           # JShell with the library on the class path
 * ./alexnet spark classify --model DIR --input PATH --output PATH   # run by the launcher, see SparkCommand
 * </pre>
 */
@Command(
        name = "alexnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "AlexNet on DJL and PyTorch. Without a subcommand, runs 'summary'.",
        subcommands = {
            SummaryCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            ShellCommand.class,
            DiagramCommand.class,
            BenchCommand.class,
            SparkCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /** Read by {@link FailureHandler} from the parse result, at whichever level it was given. */
    @CommandLine.Option(
            names = FailureHandler.DEBUG_OPTION,
            scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the Java stack trace too (also: ALEXNET_DEBUG=1).")
    private boolean debug;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line, writing to the given streams. A command that throws prints one line on {@code err}
     * and returns 1 ({@link FailureHandler}); {@code --debug} adds the stack trace.
     *
     * @param out where results go
     * @param err where errors and usage go
     * @param args the arguments
     * @return the exit status
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // DJL 0.25 reads these: never reach the network, never report usage.
        System.setProperty("offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        quietLogging();
        return new CommandLine(new Main()).setOut(out).setErr(err)
                .setExecutionExceptionHandler(new FailureHandler(System.getenv()))
                .execute(args);
    }

    /**
     * The CLI prints device and progress itself: DJL's start-up chatter and GPU probing stay quiet. Logs go to
     * standard error, whatever a library's bundled simplelogger.properties says (jHDF's says System.out).
     */
    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.log.io.jhdf", "warn");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.log.ai.djl", "warn");
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        setDefault("org.slf4j.simpleLogger.log.io.github.alexnetdjl.engine.ModelFactory", "error");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run() {
        CommandLine summary = spec.commandLine().getSubcommands().get("summary");
        int status = summary.execute();
        if (status != 0) {
            throw new CommandLine.ExecutionException(summary, "summary failed with status " + status);
        }
    }
}
