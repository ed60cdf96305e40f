package io.github.alexnetdjl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a separate JVM, so that a native crash, a {@code
 * Runtime.halt} or a kill fails a test instead of killing the test runner.
 *
 * <p>The child gets the same allocator settings as {@code ./alexnet}: heap corruption shows up (or hides)
 * differently under other glibc settings, and the launcher's are the ones users run with.
 */
public final class ChildJvm {

    /** The allocator settings of {@code ./alexnet}. */
    private static final Map<String, String> LAUNCHER_ENVIRONMENT = Map.of(
            "MALLOC_MMAP_THRESHOLD_", "1073741824",
            "MALLOC_TRIM_THRESHOLD_", "1073741824",
            "MALLOC_ARENA_MAX", "1");

    private ChildJvm() {}

    /**
     * What the child did.
     *
     * @param status its exit status (134 for an abort, 137 for a kill)
     * @param out its standard output
     * @param err its standard error
     */
    public record Result(int status, String out, String err) {
        /**
         * Describes the result for an assertion message.
         *
         * @return status and both streams
         */
        public String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code main} in a child JVM and waits for it.
     *
     * @param workDir the child's working directory, where a crash report would land
     * @param timeout how long to wait before killing it (then the result's status is 137)
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx256m}
     * @param main the class whose main method runs
     * @param args its arguments
     * @return the exit status and output
     * @throws IOException if the child cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(Path workDir, Duration timeout, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = builder(workDir, jvmOptions, main, args);
        Path out = Files.createTempFile(workDir, "child-", ".out");
        Path err = Files.createTempFile(workDir, "child-", ".err");
        Process child = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int status;
        if (child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            status = child.exitValue();
        } else {
            child.destroyForcibly().waitFor();
            status = 137;
        }
        return new Result(status, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code main} in a child JVM and returns at once; its output and errors go to a {@code child-*.log}
     * file in the working directory. The caller ends it, e.g. with {@link Process#destroyForcibly()}.
     *
     * @param workDir the child's working directory
     * @param jvmOptions extra JVM options
     * @param main the class whose main method runs
     * @param args its arguments
     * @return the running child
     * @throws IOException if the child cannot be started
     */
    public static Process start(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException {
        ProcessBuilder builder = builder(workDir, jvmOptions, main, args);
        Path log = Files.createTempFile(workDir, "child-", ".log");
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static ProcessBuilder builder(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Doffline=true");
        command.add("-DOPT_OUT_TRACKING=true");
        // Logs on stderr, as the command line has them, whatever a library's bundled configuration says.
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error");
        command.add("-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(LAUNCHER_ENVIRONMENT);
        return builder;
    }
}
