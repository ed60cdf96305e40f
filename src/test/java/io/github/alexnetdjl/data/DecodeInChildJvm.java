package io.github.alexnetdjl.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes files in a fresh JVM whose SLF4J binding logs to stderr, and returns what it logged: the test JVM's
 * binding is configured once, by whichever class logged first, so its output cannot be captured reliably.
 */
final class DecodeInChildJvm {

    private DecodeInChildJvm() {}

    /**
     * Decodes each file as training does and as prediction does, alternating which comes first.
     *
     * @param args the files
     * @throws IOException if a file cannot be decoded
     */
    public static void main(String[] args) throws IOException {
        for (int i = 0; i < args.length; i++) {
            Path file = Path.of(args[i]);
            if (i % 2 == 0) {
                ImageDecoder.read(file);
                ImageDecoder.readResized(file, 32, 1);
            } else {
                ImageDecoder.readResized(file, 32, 1);
                ImageDecoder.read(file);
            }
        }
    }

    /** Runs {@link #main} on the files in a child JVM and returns its stderr; its stdout must stay empty. */
    static String stderrOf(Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                DecodeInChildJvm.class.getName()));
        for (Path file : files) {
            command.add(file.toString());
        }
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("the decoding JVM did not finish: " + stderr);
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the decoding JVM failed with " + child.exitValue() + ": " + stderr);
        }
        return stderr;
    }
}
