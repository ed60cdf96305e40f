package io.github.alexnetdjl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Named pipes for the tests that a pipe given as an image is never opened (opening one blocks for ever). */
public final class NamedPipe {

    private NamedPipe() {}

    /**
     * Creates a named pipe with {@code mkfifo}, which every system the project builds on has.
     *
     * @param path where the pipe goes
     * @return the path
     * @throws IOException if mkfifo cannot be run
     * @throws InterruptedException if interrupted while it runs
     */
    public static Path create(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path), "a pipe at " + path);
        return path;
    }
}
