package io.github.alexnetdjl.spark;

import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A model directory on any Hadoop file system, made a local directory for the library to read: a local path
 * is used where it is; anything else (HDFS, S3A, GCS, ...) is copied to a fresh temporary directory, which
 * {@link #close()} deletes.
 */
final class ModelFiles implements AutoCloseable {

    private final Path directory;
    private final Path copy;

    private ModelFiles(Path directory, Path copy) {
        this.directory = directory;
        this.copy = copy;
    }

    /**
     * Makes a model directory local, all of it.
     *
     * @param model the model directory: a local path, or a URI of a Hadoop file system
     * @param hadoop the Hadoop configuration that reaches it
     * @return the local directory, to be closed
     * @throws IOException if the directory cannot be read or copied
     */
    static ModelFiles open(String model, Configuration hadoop) throws IOException {
        return open(model, hadoop, null);
    }

    /**
     * Makes some files of a model directory local: the driver reads its configuration and class names without
     * copying the parameters.
     *
     * @param model the model directory
     * @param hadoop the Hadoop configuration that reaches it
     * @param files the names of the files to copy; null for the whole directory
     * @return the local directory, to be closed
     * @throws IOException if a file cannot be read or copied
     */
    static ModelFiles open(String model, Configuration hadoop, List<String> files) throws IOException {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(model);
        URI uri = source.toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            return new ModelFiles(Path.of(uri.getPath()), null);
        }
        FileSystem fs = source.getFileSystem(hadoop);
        if (!fs.getFileStatus(source).isDirectory()) {
            throw new IOException("not a model directory: " + model + " is a file");
        }
        Path copy = Files.createTempDirectory("alexnet-model-");
        try {
            for (FileStatus file : fs.listStatus(source)) {
                String name = file.getPath().getName();
                if (file.isFile() && (files == null || files.contains(name))) {
                    // The raw local file system: no .crc files next to the copy.
                    fs.copyToLocalFile(false, file.getPath(), new org.apache.hadoop.fs.Path(copy.resolve(name).toUri()), true);
                }
            }
            return new ModelFiles(copy, copy);
        } catch (IOException | RuntimeException e) {
            delete(copy);
            throw e;
        }
    }

    /**
     * Reads a model directory's class names where it lies, copying only {@code classes.txt}.
     *
     * @param model the model directory
     * @param hadoop the Hadoop configuration that reaches it
     * @return the class names, in output order
     * @throws IOException if the model directory has no readable {@code config.json} or {@code classes.txt}
     */
    static List<String> readClasses(String model, Configuration hadoop) throws IOException {
        try (ModelFiles files = open(model, hadoop, List.of(ModelDirectory.CONFIG_FILE, ModelDirectory.CLASSES_FILE))) {
            ModelDirectory.readConfig(files.directory());
            return ModelDirectory.readClasses(files.directory());
        }
    }

    /**
     * Returns the local directory.
     *
     * @return the directory holding the model's files
     */
    Path directory() {
        return directory;
    }

    /** Deletes the local copy, if one was made. */
    @Override
    public void close() throws IOException {
        if (copy != null) {
            delete(copy);
        }
    }

    /** Deletes a temporary directory this class created, with everything in it. */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
