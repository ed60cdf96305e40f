package io.github.alexnetdjl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing directories, and repairing what an interrupted replacement left. */
class AtomicFilesTest {

    @TempDir Path temp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path directoryWith(Path dir, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("file.txt"), text);
        return dir;
    }

    @Test
    void replacingADirectoryLeavesOnlyTheNewOne() throws IOException {
        Path target = directoryWith(temp.resolve("best"), "old");
        Path source = AtomicFiles.newTempDirectory(target);
        Files.writeString(source.resolve("file.txt"), "new");
        AtomicFiles.replaceDirectory(source, target);
        assertEquals(List.of("best"), names(temp));
        assertEquals("new", Files.readString(target.resolve("file.txt")));
    }

    @Test
    void aMissingTargetGetsItsAsideVersionBack() throws IOException {
        // Killed between the two renames: the old version aside, the new one complete under its temporary name.
        directoryWith(temp.resolve(".best.old-123"), "old");
        directoryWith(temp.resolve(".best.tmp-456"), "new");
        AtomicFiles.recoverLeftovers(temp);
        assertEquals(List.of("best"), names(temp));
        assertEquals("old", Files.readString(temp.resolve("best/file.txt")));
    }

    @Test
    void leftoversNextToAPresentTargetAreDeletedAndNothingElse() throws IOException {
        directoryWith(temp.resolve("best"), "current");
        directoryWith(temp.resolve(".best.old--9876"), "old");
        directoryWith(temp.resolve(".epoch-0003.tmp-17"), "half");
        Files.writeString(temp.resolve(".metrics.csv.tmp-5550"), "half");
        for (String mine : List.of(".lock", ".best.tmp-x", "best.tmp-1", ".notes.old-", "notes.txt")) {
            Files.writeString(temp.resolve(mine), "the user's");
        }
        AtomicFiles.recoverLeftovers(temp);
        assertEquals(List.of(".best.tmp-x", ".lock", ".notes.old-", "best", "best.tmp-1", "notes.txt"), names(temp));
        assertEquals("current", Files.readString(temp.resolve("best/file.txt")));
    }

    @Test
    void aDirectoryThatDoesNotExistIsLeftAlone() throws IOException {
        AtomicFiles.recoverLeftovers(temp.resolve("nothing"));
        assertEquals(List.of(), names(temp));
    }
}
