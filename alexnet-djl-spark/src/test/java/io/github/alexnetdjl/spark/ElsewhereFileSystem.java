package io.github.alexnetdjl.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme, {@code elsewhere:///tmp/...}: a stand-in for HDFS or S3, so that what
 * the jobs do with a remote model directory or image is tested without one.
 */
public final class ElsewhereFileSystem extends RawLocalFileSystem {

    /** The scheme. */
    static final String SCHEME = "elsewhere";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
