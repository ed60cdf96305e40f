package io.github.alexnetdjl.training;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An operating-system lock on a training output directory, held while a run writes into it, so that a second
 * run into the same directory is refused instead of mixing its files with the first's. The operating system
 * releases it when the process ends, however it ends. The lock file {@value #FILE} stays in the directory:
 * deleting it while a run holds the lock would let another run lock a new file of the same name.
 */
final class OutputLock implements AutoCloseable {

    /** The lock file's name in the output directory. */
    static final String FILE = ".lock";

    /**
     * The directories this JVM has locked. Within one JVM a second channel on the lock file is not only
     * refused: on POSIX systems closing it would drop the JVM's lock held through the first channel.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private OutputLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Locks an existing output directory.
     *
     * @throws IOException if another run holds it, or the lock file cannot be opened
     */
    static OutputLock acquire(Path output) throws IOException {
        Path key = output.toRealPath();
        if (!HELD.add(key)) {
            throw inUse(output);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(output);
            }
            return new OutputLock(key, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(key);
            throw e;
        }
    }

    /**
     * Checks that no run holds an output directory's lock; creates nothing.
     *
     * @throws IOException if another run holds it
     */
    static void checkFree(Path output) throws IOException {
        if (Files.exists(output.resolve(FILE))) {
            acquire(output).close();
        }
    }

    private static IOException inUse(Path output) {
        return new IOException(output + " is in use by another training run");
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            HELD.remove(key);
        }
    }
}
