package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./alexnet} launcher's choices of JVM options, seen through a stand-in {@code java} that prints its
 * arguments, in a copy of the project whose jar is up to date (so nothing is built).
 */
class LauncherTest {

    @TempDir Path root;

    @BeforeEach
    void project() throws IOException {
        Path launcher = root.resolve("alexnet");
        Files.copy(Path.of("..", "alexnet"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Instant past = Instant.now().minusSeconds(3600);
        for (String module : List.of("alexnet-djl", "alexnet-djl-cli")) {
            Files.createDirectories(root.resolve(module).resolve("src/main"));
            Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>");
            Files.setLastModifiedTime(root.resolve(module).resolve("src/main"), FileTime.from(past));
            Files.setLastModifiedTime(root.resolve(module).resolve("pom.xml"), FileTime.from(past));
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(past));
        Path target = Files.createDirectories(root.resolve("alexnet-djl-cli/target"));
        Files.writeString(target.resolve("alexnet-djl-cli-0.jar"), "");
        Files.writeString(target.resolve("cli.classpath"), "");
        Path java = Files.createDirectories(root.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The arguments the launcher hands to java. */
    private List<String> javaArguments(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("alexnet").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    private static long memoryKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    @Test
    void helpOfTheStreamingCommandsStartsWithoutThePreTouchedHeap() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/meminfo")) && memoryKb() >= 16_000_000,
                "the launcher sizes the heap only on machines with 16 GB");
        assertTrue(javaArguments("train", "--epochs", "1").contains("-Xms2g"));
        for (String command : List.of("train", "evaluate", "bench")) {
            for (String help : List.of("--help", "-h")) {
                List<String> arguments = javaArguments(command, "--cpu", help);
                assertFalse(arguments.contains("-Xms2g") || arguments.contains("-XX:+AlwaysPreTouch"),
                        command + " " + help + ": " + arguments);
                assertEquals(List.of(command, "--cpu", help), arguments.subList(arguments.size() - 3, arguments.size()));
            }
        }
    }
}
