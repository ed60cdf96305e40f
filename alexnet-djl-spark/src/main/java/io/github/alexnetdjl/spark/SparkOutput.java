package io.github.alexnetdjl.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The guard before a job replaces its output directory. Spark's overwrite deletes whatever is at the path, so
 * a job replaces only what a Spark job writes there (part files, {@code _SUCCESS}, a failed job's {@code
 * _temporary}): a directory holding anything else, a mistyped home directory or the input itself, is refused
 * and left as it was.
 */
final class SparkOutput {

    /** Names a Spark job's Parquet output holds, as prefixes. */
    private static final List<String> WRITTEN_BY_SPARK = List.of(
            "part-", ".part-", "_SUCCESS", "._SUCCESS.crc", "_temporary", "_metadata", "._metadata.crc",
            "_common_metadata", "._common_metadata.crc", "_started_", "_committed_", ".spark-staging-");

    private SparkOutput() {}

    /**
     * Checks that a job may write its output to a path: nothing is there, or an empty directory, or a
     * directory holding only what a Spark job writes.
     *
     * @param output the output directory
     * @param hadoop reaches it
     * @throws FileAlreadyExistsException naming the output and the first thing in it a Spark job does not write
     * @throws IOException if the path cannot be listed
     */
    static void checkReplaceable(String output, Configuration hadoop) throws IOException {
        Path path = new Path(output);
        FileSystem fs = path.getFileSystem(hadoop);
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return;
        }
        if (!status.isDirectory()) {
            throw new FileAlreadyExistsException(output, null,
                    "a file is there, expected a directory a Spark job wrote (or nothing); refusing to replace it");
        }
        for (FileStatus child : fs.listStatus(path)) {
            String name = child.getPath().getName();
            if (WRITTEN_BY_SPARK.stream().noneMatch(name::startsWith)) {
                throw new FileAlreadyExistsException(output, null, "it holds " + name
                        + ", which a Spark job does not write; refusing to replace it (choose a new directory)");
            }
        }
    }
}
