package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed for several epochs, in its own JVM as a user would run it, ends exactly where an
 * uninterrupted run does, and does not crash: the restored optimizer state must own its memory.
 */
@Tag("slow")
class ResumeInChildJvmTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final List<String> JVM = List.of("-Xmx512m");

    @TempDir Path temp;

    @Test
    void resumedForSeveralEpochsEqualsUninterruptedAndDoesNotCrash() throws Exception {
        Path data = TrainingRun.tinyData(temp.resolve("data"));
        ChildJvm.Result straight = ChildJvm.run(temp, LIMIT, JVM, TrainingRun.class,
                data.toString(), temp.resolve("straight").toString(), "4", "new");
        assertEquals(0, straight.status(), straight.describe());

        ChildJvm.Result first = ChildJvm.run(temp, LIMIT, JVM, TrainingRun.class,
                data.toString(), temp.resolve("resumed").toString(), "1", "new");
        assertEquals(0, first.status(), first.describe());
        ChildJvm.Result resumed = ChildJvm.run(temp, LIMIT, JVM, TrainingRun.class,
                data.toString(), temp.resolve("resumed").toString(), "4", "resume");
        assertEquals(0, resumed.status(), "the resumed run crashed or failed:\n" + resumed.describe());

        assertEquals(straight.out(), resumed.out(), "same losses per epoch and same final parameters");
        try (Stream<Path> files = Files.list(temp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no crash report");
        }
    }
}
