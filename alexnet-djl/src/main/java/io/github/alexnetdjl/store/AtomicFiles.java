package io.github.alexnetdjl.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writing files and directories so that readers see the old version or the new one, never half of one, also
 * after a crash or a power loss: new content is written under a temporary name, flushed to the disk, and
 * renamed into place. A failure names the file the caller asked for, never the temporary one: writing into a
 * directory, below a regular file or where the file system refuses is a {@link FileSystemException} (an
 * {@link AccessDeniedException} or {@link NoSuchFileException} where that is what happened) for the target.
 */
public final class AtomicFiles {

    private static final String TEMPORARY = ".tmp-";
    private static final String ASIDE = ".old-";
    /** The names of temporary and aside copies: {@code .NAME.tmp-N} and {@code .NAME.old-N}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)(\\.tmp-|\\.old-)-?\\d+");

    private AtomicFiles() {}

    /**
     * Writes a text file through a temporary file in the same directory and a rename.
     *
     * @param file the file to create or replace
     * @param text the content, written as UTF-8
     * @throws IOException if writing fails; the file is then unchanged
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a binary file through a temporary file in the same directory and a rename.
     *
     * @param file the file to create or replace
     * @param bytes the content
     * @throws IOException if writing fails, naming {@code file}; the file is then unchanged
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path temp = newTempFile(file);
        try {
            Files.write(temp, bytes);
            publish(temp, target);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw FileErrors.cannotWrite(file, e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Creates an empty temporary directory next to a target, readable by all like a normal directory (temporary
     * directories are created private), to be filled and then moved into place.
     *
     * @param target the directory it will replace
     * @return the temporary directory
     * @throws IOException if it cannot be created, naming {@code target}
     */
    public static Path newTempDirectory(Path target) throws IOException {
        return createNextTo(target, (directory, prefix) -> {
            Path temp = Files.createTempDirectory(directory, prefix);
            setPermissions(temp, "rwxr-xr-x");
            return temp;
        });
    }

    /**
     * Creates an empty temporary file next to a target, readable by all like a normal file, to be written and
     * then moved into place.
     *
     * @param target the file it will replace
     * @return the temporary file
     * @throws IOException if it cannot be created, naming {@code target}, e.g. where the target is a directory
     */
    public static Path newTempFile(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "a directory, expected a file");
        }
        return createNextTo(target, (directory, prefix) -> {
            Path temp = Files.createTempFile(directory, prefix, "");
            setPermissions(temp, "rw-r--r--");
            return temp;
        });
    }

    /** Makes a temporary file or directory in a given directory, its name starting with a given prefix. */
    private interface TempMaker {
        Path make(Path directory, String prefix) throws IOException;
    }

    /**
     * Creates a target's missing parent directories, then a temporary entry beside it. The JDK's failures name
     * the temporary entry or an ancestor; these name the target.
     */
    private static Path createNextTo(Path target, TempMaker maker) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        for (Path parent = absolute.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    throw new FileSystemException(target.toString(), null, parent + " is not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(absolute.getParent());
            return maker.make(absolute.getParent(), "." + absolute.getFileName() + TEMPORARY);
        } catch (IOException e) {
            throw FileErrors.cannotWrite(target, e);
        }
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    /**
     * Moves a complete file into place, replacing the target.
     *
     * @param source the complete new file, on the same file system
     * @param target the file to create or replace
     * @throws IOException if the rename fails, naming {@code target}
     */
    public static void replaceFile(Path source, Path target) throws IOException {
        try {
            publish(source, target);
        } catch (IOException e) {
            throw FileErrors.cannotWrite(target, e);
        }
    }

    /**
     * Moves a complete directory into place. An existing target is renamed aside first and deleted after the
     * new one is in place, so a crash leaves either the old directory (possibly under its aside name) or the
     * new one, complete.
     *
     * @param source the complete new directory, on the same file system
     * @param target the directory to create or replace
     * @throws IOException if a rename fails
     */
    public static void replaceDirectory(Path source, Path target) throws IOException {
        CrashPoints.reach("replace-start", target);
        Path aside = null;
        if (Files.exists(target)) {
            aside = target.resolveSibling("." + target.getFileName() + ASIDE + System.nanoTime());
            move(target, aside);
            CrashPoints.reach("replace-aside", target);
        }
        try {
            publish(source, target);
        } catch (IOException e) {
            if (aside != null) {
                move(aside, target);
            }
            throw e;
        }
        CrashPoints.reach("replace-moved", target);
        if (aside != null) {
            deleteRecursively(aside);
        }
        CrashPoints.reach("replace-done", target);
    }

    /**
     * Repairs what an interrupted {@link #replaceDirectory} or write left in a directory: a target that is
     * missing while its old version lies renamed aside gets that version back, and every temporary or aside
     * copy this class made there ({@code .NAME.tmp-N}, {@code .NAME.old-N}) is deleted. Nothing else is
     * touched. Call it only while no other process writes into the directory.
     *
     * @param directory the directory holding the targets; nothing happens if it does not exist
     * @throws IOException if a rename or deletion fails
     */
    public static void recoverLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> leftovers;
        try (Stream<Path> list = Files.list(directory)) {
            leftovers = list.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        for (Path leftover : leftovers) {
            Matcher m = LEFTOVER.matcher(leftover.getFileName().toString());
            if (m.matches() && m.group(2).equals(ASIDE)) {
                Path target = directory.resolve(m.group(1));
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    move(leftover, target);
                }
            }
        }
        for (Path leftover : leftovers) {
            deleteRecursively(leftover);
        }
    }

    /**
     * Renames complete new content into place. Its data is flushed to the disk first and the rename after:
     * file systems may otherwise write the rename before the data, and a power loss then leaves the new name
     * on empty or partial files.
     */
    private static void publish(Path source, Path target) throws IOException {
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                force(p);
            }
        }
        move(source, target);
        force(target.toAbsolutePath().getParent());
    }

    private static void force(Path path) throws IOException {
        boolean directory = Files.isDirectory(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some systems cannot open a directory to flush it; its entries then reach the disk on their own.
            if (!directory) {
                throw e;
            }
        }
    }

    /**
     * Deletes a file or a directory tree, if it exists.
     *
     * @param path the file or directory
     * @throws IOException if deleting fails
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
