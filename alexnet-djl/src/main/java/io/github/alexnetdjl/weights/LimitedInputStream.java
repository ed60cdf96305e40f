package io.github.alexnetdjl.weights;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and delivers at most a limit of them, so that a length read from an untrusted file
 * can be checked against what may still come, and a stream that inflates beyond what its header declared is
 * caught while reading rather than trusted. Reading past the limit while the underlying stream still has data
 * throws a {@link WeightFormatException} with the message given for that case; at the limit with nothing
 * left, the stream simply ends.
 */
final class LimitedInputStream extends FilterInputStream {

    private long limit;
    private String overLimit;
    private long count;
    private long markedCount;

    /**
     * Wraps a stream.
     *
     * @param in the stream
     * @param limit how many bytes may be read
     * @param overLimit the message when the stream holds more
     */
    LimitedInputStream(InputStream in, long limit, String overLimit) {
        super(in);
        setLimit(limit, overLimit);
    }

    /**
     * Changes the limit, counted from the start of the stream.
     *
     * @param limit how many bytes may be read in all
     * @param overLimit the message when the stream holds more
     */
    void setLimit(long limit, String overLimit) {
        this.limit = limit;
        this.overLimit = overLimit;
    }

    /** Returns how many more bytes may be read: an upper bound on what the stream can still deliver. */
    long remaining() {
        return Math.max(0, limit - count);
    }

    @Override
    public int read() throws IOException {
        if (count >= limit) {
            return atLimit();
        }
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (count >= limit) {
            return atLimit();
        }
        int n = super.read(b, off, (int) Math.min(len, limit - count));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining()));
        count += skipped;
        return skipped;
    }

    @Override
    public synchronized void mark(int readlimit) {
        super.mark(readlimit);
        markedCount = count;
    }

    @Override
    public synchronized void reset() throws IOException {
        super.reset();
        count = markedCount;
    }

    private int atLimit() throws IOException {
        if (super.read() >= 0) {
            throw new WeightFormatException(overLimit);
        }
        return -1;
    }
}
