package io.github.alexnetdjl.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes files in a child JVM ({@code ChildJvm}, whose SLF4J binding logs to stderr as the command line's
 * does): the test JVM's binding is configured once, by whichever class logged first, so what one test logs
 * cannot be captured there reliably.
 */
final class DecodeInChildJvm {

    private DecodeInChildJvm() {}

    /**
     * Decodes each file as prediction does and as training does, alternating which comes first.
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
}
