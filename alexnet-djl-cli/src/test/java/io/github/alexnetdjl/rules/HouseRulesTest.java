package io.github.alexnetdjl.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the code base that the compiler cannot hold, checked on the sources of both modules. */
class HouseRulesTest {

    /** The library's sources, seen from this module's directory, where the tests run. */
    private static final Path LIBRARY = Path.of("..", "alexnet-djl", "src");
    private static final Path COMMAND_LINE = Path.of("src");

    private static final Pattern LIBTORCH_INTERNALS = Pattern.compile("ai\\.djl\\.pytorch\\.(jni|engine)\\.");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]+");

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void libtorchInternalsAreUsedOnlyInTheEnginePackage() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path root : List.of(LIBRARY, COMMAND_LINE)) {
            assertTrue(Files.isDirectory(root.resolve("main/java/io/github/alexnetdjl")), root.toAbsolutePath().toString());
            for (Path file : javaFiles(root)) {
                if (file.getParent().endsWith(Path.of("io", "github", "alexnetdjl", "engine"))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (LIBTORCH_INTERNALS.matcher(lines.get(i)).find()) {
                        outside.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void libraryMessagesNeverNameACommandLineOption() throws IOException {
        List<String> flags = new ArrayList<>();
        for (Path file : javaFiles(LIBRARY.resolve("main"))) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher literal = STRING_LITERAL.matcher(lines.get(i));
                while (literal.find()) {
                    if (FLAG.matcher(literal.group()).find()) {
                        flags.add(file + ":" + (i + 1) + ": " + literal.group());
                    }
                }
            }
        }
        assertEquals(List.of(), flags);
        assertTrue(FLAG.matcher("\"resume with --resume\"").find() && !FLAG.matcher("\"rw-r--r--\"").find());
    }
}
