package io.github.alexnetdjl.store;

import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a file in DJL's NDList encoding ({@code NDList.encode}) before {@code NDList.decode} reads it. DJL
 * allocates what the file declares before it reads: a damaged dimension count or data length makes it
 * reserve gigabytes for a file of kilobytes. This reads only the headers, skips the data, and checks every
 * declared size against the shape it belongs to and the bytes the file really has.
 */
public final class NDListFile {

    /** More dimensions than any array of this project has (a convolution's weight has 4). */
    private static final int MAX_DIMENSIONS = 8;
    private static final String MAGIC = "NDAR";
    private static final int NEWEST_VERSION = 3;

    private NDListFile() {}

    /**
     * Checks that a file is a complete NDList of at most {@code maxArrays} dense arrays whose data lengths
     * match their shapes.
     *
     * @param file the file
     * @param maxArrays the most arrays it may hold
     * @throws IOException naming the file and what is wrong, or if it cannot be read
     */
    public static void check(Path file, int maxArrays) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            if (count < 0 || count > maxArrays) {
                throw damaged(file, "it declares " + count + " arrays, expected at most " + maxArrays);
            }
            for (int i = 0; i < count; i++) {
                checkArray(file, in, i);
            }
            if (in.read() != -1) {
                throw damaged(file, "it has bytes after its last array");
            }
        } catch (EOFException e) {
            throw damaged(file, "it ends early");
        }
    }

    private static void checkArray(Path file, DataInputStream in, int index) throws IOException {
        String where = "array " + index;
        if (!MAGIC.equals(in.readUTF())) {
            throw damaged(file, where + " has no " + MAGIC + " header");
        }
        int version = in.readInt();
        if (version < 1 || version > NEWEST_VERSION) {
            throw damaged(file, where + " has encoding version " + version + ", expected 1 to " + NEWEST_VERSION);
        }
        if (version > 1 && in.readByte() == 1) {
            where += " (" + in.readUTF() + ")";
        }
        in.readUTF(); // sparse format: only dense arrays are written
        int bytesPerValue = bytesPerValue(file, where, in.readUTF());
        int dimensions = in.readInt();
        if (dimensions < 0 || dimensions > MAX_DIMENSIONS) {
            throw damaged(file, where + " declares " + dimensions + " dimensions, expected 0 to " + MAX_DIMENSIONS);
        }
        long values = 1;
        for (int d = 0; d < dimensions; d++) {
            long side = in.readLong();
            if (side < 0 || (side > 0 && values > Long.MAX_VALUE / side)) {
                throw damaged(file, where + " declares a dimension of " + side);
            }
            values *= side;
        }
        int layout = in.readInt();
        if (layout < 0 || layout > dimensions) {
            throw damaged(file, where + " declares a layout of " + layout + " letters for " + dimensions + " dimensions");
        }
        in.skipNBytes(2L * layout);
        if (version > 2) {
            in.readByte(); // byte order
        }
        int length = in.readInt();
        if (values > Integer.MAX_VALUE / bytesPerValue || length != values * bytesPerValue) {
            throw damaged(file, String.format(Locale.ROOT, "%s declares %d data bytes for %d values of %d bytes",
                    where, length, values, bytesPerValue));
        }
        in.skipNBytes(length);
    }

    private static int bytesPerValue(Path file, String where, String type) throws IOException {
        try {
            return DataType.valueOf(type).getNumOfBytes();
        } catch (IllegalArgumentException e) {
            throw damaged(file, where + " has an unknown data type");
        }
    }

    private static IOException damaged(Path file, String what) {
        return new IOException(file + " is damaged: " + what);
    }
}
