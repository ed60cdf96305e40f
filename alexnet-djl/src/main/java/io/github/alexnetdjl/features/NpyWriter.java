package io.github.alexnetdjl.features;

import io.github.alexnetdjl.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes a float32 matrix in NumPy's {@code .npy} format (version 1.0, little-endian, C order) row by row,
 * without knowing the number of rows in advance and without holding the rows in memory: they go to a
 * temporary file behind a header of fixed size, and {@link #commit()} writes the final shape into the header
 * and renames the file into place. Until then the target is untouched; a writer closed without a commit
 * leaves nothing behind.
 *
 * <pre>{@code
 * try (NpyWriter npy = NpyWriter.create(Path.of("features.npy"), 4096)) {
 *     npy.write(rows, 0, rows.length);   // any number of times, whole rows
 *     npy.commit();
 * }
 * // Python: numpy.load("features.npy").shape == (rows, 4096)
 * }</pre>
 */
public final class NpyWriter implements AutoCloseable {

    /**
     * The header's length, magic string included: enough for any two 64-bit dimensions, and a multiple of 64
     * as NumPy aligns its own, so that the data starts aligned.
     */
    public static final int HEADER_LENGTH = 128;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final long columns;
    private long values;
    private boolean committed;

    private NpyWriter(Path target, Path temp, FileChannel channel, long columns) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.columns = columns;
    }

    /**
     * Starts a matrix with a given number of columns.
     *
     * @param file the {@code .npy} file to create or replace on {@link #commit()}
     * @param columns the values per row
     * @return the writer, to be closed
     * @throws IOException if the temporary file cannot be created
     * @throws IllegalArgumentException if {@code columns} is not positive
     */
    public static NpyWriter create(Path file, long columns) throws IOException {
        if (columns <= 0) {
            throw new IllegalArgumentException("columns: expected a positive count, got " + columns);
        }
        Path target = file.toAbsolutePath().normalize();
        Path temp = AtomicFiles.newTempFile(target);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            ByteBuffer header = ByteBuffer.wrap(header(0, columns));
            while (header.hasRemaining()) {
                channel.write(header);
            }
            return new NpyWriter(target, temp, channel, columns);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Returns the header NumPy reads: magic string, version, header length, and the array's description, padded
     * with spaces to {@link #HEADER_LENGTH} bytes.
     *
     * @param rows the number of rows
     * @param columns the number of columns
     * @return the header's bytes
     */
    static byte[] header(long rows, long columns) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                rows, columns);
        int textLength = HEADER_LENGTH - MAGIC.length - 2;
        String text = dict + " ".repeat(textLength - dict.length() - 1) + "\n";
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) textLength).put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }

    /**
     * Appends whole rows.
     *
     * @param data the values, row after row
     * @param offset where the first row starts in {@code data}
     * @param length the number of values, a multiple of the row length
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code length} is not a whole number of rows
     * @throws IllegalStateException if the matrix was committed
     */
    public void write(float[] data, int offset, int length) throws IOException {
        if (committed) {
            throw new IllegalStateException("the matrix was committed");
        }
        if (length % columns != 0) {
            throw new IllegalArgumentException(
                    "expected whole rows of " + columns + " values, got " + length + " values");
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        values = Math.addExact(values, length);
    }

    /**
     * Returns the rows written so far.
     *
     * @return the number of rows
     */
    public long getRows() {
        return values / columns;
    }

    /**
     * Writes the final shape into the header, flushes the file to the disk and renames it into place.
     *
     * @throws IOException if writing or the rename fails; the target is then unchanged
     */
    public void commit() throws IOException {
        ByteBuffer header = ByteBuffer.wrap(header(getRows(), columns));
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.close();
        AtomicFiles.replaceFile(temp, target);
        committed = true;
    }

    /** Deletes the temporary file unless the matrix was committed. */
    @Override
    public void close() throws IOException {
        channel.close();
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
