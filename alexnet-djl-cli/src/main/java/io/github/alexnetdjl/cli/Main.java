package io.github.alexnetdjl.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
            FeaturesCommand.class,
            NeighboursCommand.class,
            ExplainCommand.class,
            VisualizeCommand.class,
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

    private final Charset outCharset;

    /** Creates the command for an output encoded in UTF-8. */
    public Main() {
        this(StandardCharsets.UTF_8);
    }

    private Main(Charset outCharset) {
        this.outCharset = outCharset;
    }

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
        Charset charset = stdoutCharset();
        return run(new PrintWriter(new OutputStreamWriter(System.out, charset), true), charset,
                new PrintWriter(System.err, true), args);
    }

    /**
     * Returns the charset standard output is encoded in: the console's where the JDK says it (from Java 19),
     * else the default one, which Java 17 takes from the locale ({@code -Dfile.encoding} overrides it).
     */
    private static Charset stdoutCharset() {
        String console = System.getProperty("stdout.encoding");
        if (console != null && Charset.isSupported(console)) {
            return Charset.forName(console);
        }
        return Charset.defaultCharset();
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
        return run(out, StandardCharsets.UTF_8, err, args);
    }

    /**
     * Runs the command line, writing to the given streams, {@code out} being encoded in {@code outCharset}.
     *
     * @param out where results go
     * @param outCharset the charset of {@code out}, for what has to fall back to ASCII
     * @param err where errors and usage go
     * @param args the arguments
     * @return the exit status
     */
    static int run(PrintWriter out, Charset outCharset, PrintWriter err, String... args) {
        // DJL 0.25 reads these: never reach the network, never report usage.
        System.setProperty("offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        quietLogging();
        CommandLine commandLine = new CommandLine(new Main(outCharset)).setOut(out).setErr(err)
                .setExecutionExceptionHandler(new FailureHandler(System.getenv()));
        CommandList.install(commandLine);
        return commandLine.execute(args);
    }

    /**
     * DJL's levels in the command line and its JShell: its start-up chatter (threads, natives) is INFO, and
     * probing for CUDA on a machine without it can WARN; neither is news to the user.
     */
    static final Map<String, String> DJL_LOG_LEVELS = Map.of(
            "org.slf4j.simpleLogger.log.ai.djl", "warn",
            "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");

    /**
     * The CLI prints device and progress itself: DJL stays quiet ({@link #DJL_LOG_LEVELS}), and so does the
     * device choice unless it warns (GPUs the engine cannot use). Logs go to standard error, whatever a
     * library's bundled simplelogger.properties says (jHDF's says System.out); a -D option given by the user
     * wins over each of these.
     */
    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.log.io.jhdf", "warn");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        DJL_LOG_LEVELS.forEach(Main::setDefault);
        setDefault("org.slf4j.simpleLogger.log.io.github.alexnetdjl.engine.ModelFactory", "warn");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The charset of standard output; the Keras 3 summary's box falls back to ASCII where it cannot be encoded. */
    Charset outCharset() {
        return outCharset;
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
