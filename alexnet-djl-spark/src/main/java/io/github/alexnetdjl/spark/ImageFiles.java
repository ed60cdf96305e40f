package io.github.alexnetdjl.spark;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads image files' bytes from any Hadoop file system, bounded before anything is allocated. */
final class ImageFiles {

    /**
     * The largest image file read: far above any photo, small enough that one file cannot exhaust an
     * executor's memory.
     */
    static final long MAX_FILE_BYTES = 256L << 20;

    private ImageFiles() {}

    /**
     * Reads a whole image file.
     *
     * @param path the file: a local path or a URI of any Hadoop file system
     * @param hadoop the Hadoop configuration that reaches it
     * @return its bytes
     * @throws IOException naming the file, if it is missing, a directory, larger than {@link #MAX_FILE_BYTES}
     *     or unreadable
     */
    static byte[] read(String path, Configuration hadoop) throws IOException {
        Path file = new Path(path);
        FileSystem fs = file.getFileSystem(hadoop);
        FileStatus status;
        try {
            status = fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            throw new IOException("cannot read " + path + ": no such file", e);
        }
        if (status.isDirectory()) {
            throw new IOException("cannot read " + path + ": it is a directory, expected an image file");
        }
        long length = status.getLen();
        if (length > MAX_FILE_BYTES) {
            throw new IOException("cannot read " + path + ": it is " + length + " bytes, more than the "
                    + MAX_FILE_BYTES + " an image file may have");
        }
        byte[] bytes = new byte[(int) length];
        try (InputStream in = fs.open(file)) {
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                throw new EOFException("cannot read " + path + ": it ended after " + read + " of its " + length
                        + " bytes");
            }
        }
        return bytes;
    }
}
