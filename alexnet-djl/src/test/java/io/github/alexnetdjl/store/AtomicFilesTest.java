package io.github.alexnetdjl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing directories, repairing what an interrupted replacement left, and failures that name the file the
 * caller asked for.
 */
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

    @Test
    void aFileThatCannotBeWrittenIsNamedNotItsTemporaryFile() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("folder"));
        FileSystemException directory = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeString(folder, "x"));
        assertEquals(folder + ": a directory, expected a file", directory.getMessage());

        Path plain = Files.writeString(temp.resolve("plain"), "keep me");
        Path below = plain.resolve("sub/net.svg");
        FileSystemException notDirectory = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeString(below, "x"));
        assertEquals(below + ": " + plain + " is not a directory", notDirectory.getMessage());
        assertEquals("keep me", Files.readString(plain));

        // /proc takes no new files, not even from root: the JDK's refusal names the temporary file.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        Path proc = Path.of("/proc/alexnet.svg");
        IOException refused = assertThrows(IOException.class, () -> AtomicFiles.writeString(proc, "x"));
        assertInstanceOf(NoSuchFileException.class, refused);
        assertEquals(proc + ": cannot be written (no such file or directory)", refused.getMessage());
        assertEquals(List.of(), names(temp).stream().filter(n -> n.contains(".tmp-")).toList());
    }

    @Test
    void aReadOnlyDirectoryIsAnAccessDeniedExceptionForTheTarget() throws IOException {
        Path readOnly = Files.createDirectories(temp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(readOnly), "running as root: permissions do not stop writes");
            Path target = readOnly.resolve("model.onnx");
            IOException refused = assertThrows(IOException.class, () -> AtomicFiles.newTempFile(target));
            assertInstanceOf(AccessDeniedException.class, refused);
            assertEquals(target + ": cannot be written (permission denied)", refused.getMessage());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
