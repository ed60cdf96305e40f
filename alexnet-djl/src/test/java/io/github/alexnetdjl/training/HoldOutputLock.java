package io.github.alexnetdjl.training;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child-JVM main that locks an output directory as a training run does, then says so by creating a marker
 * file and sleeps until it is killed: {@code OUT MARKER}.
 */
public final class HoldOutputLock {

    private HoldOutputLock() {}

    /**
     * Locks and sleeps.
     *
     * @param args the output directory and the marker file to create once it is locked
     * @throws Exception if locking fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        OutputLock lock = OutputLock.acquire(out);
        Files.createFile(Path.of(args[1]));
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
