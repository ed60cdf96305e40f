package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.store.SizeLimits;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The checks every reader of weight files from elsewhere makes: the file is there and within
 * {@link SizeLimits}, sizes are multiplied without overflow and bounded before anything is allocated, zip
 * entries are read with a counting limit rather than trusting their headers, and whatever a damaged file makes
 * a parser throw becomes one message naming the file.
 */
final class UntrustedFiles {

    private UntrustedFiles() {}

    /**
     * Checks that a weight file exists, is a readable regular file and is within the size limit.
     *
     * @param file the file
     * @param expected what it should be, for the messages, e.g. "a PyTorch state_dict"
     * @return its size in bytes
     */
    static long checkFile(Path file, String expected) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file; expected " + expected);
        }
        if (!Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "not a regular file; expected " + expected);
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "not readable; expected " + expected);
        }
        long size = Files.size(file);
        if (size > SizeLimits.MAX_WEIGHT_FILE_BYTES) {
            throw new WeightFormatException(
                    file + ": " + bytes(size) + ", more than the limit of " + bytes(SizeLimits.MAX_WEIGHT_FILE_BYTES)
                            + " for a weight file");
        }
        return size;
    }

    /** Returns the file's first bytes, fewer if it is shorter. */
    static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    /** Opens a zip archive, reporting a damaged or truncated one as such. */
    static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw damagedZip(file, e);
        }
    }

    /** Says that a zip archive could not be read, naming the file. */
    static WeightFormatException damagedZip(Path file, IOException e) {
        return new WeightFormatException(
                file + ": a damaged or truncated zip archive (" + describe(e) + ")", e);
    }

    /**
     * Reads a zip entry into memory, at most its declared size and at most a limit: the declared size (from
     * the archive's directory) is checked first, then the data is read with a counting limit, so an entry that
     * inflates to more than it declares is refused after reading no more than it declared.
     *
     * @param zip the archive
     * @param entry the entry
     * @param limit the most bytes the entry may hold
     * @param file the archive's path, for messages
     * @return the entry's bytes
     */
    static byte[] readEntry(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
        try (LimitedInputStream in = openEntry(zip, entry, limit, file)) {
            byte[] data = in.readAllBytes();
            if (entry.getSize() >= 0 && data.length != entry.getSize()) {
                throw new WeightFormatException(
                        file + ": entry " + entry.getName() + " holds " + bytes(data.length) + " but declares "
                                + bytes(entry.getSize()) + "; the file is truncated or damaged");
            }
            return data;
        } catch (ZipException | EOFException e) {
            throw damagedZip(file, e);
        }
    }

    /**
     * Opens a zip entry for reading with a counting limit, as {@link #readEntry} reads it.
     *
     * @param zip the archive
     * @param entry the entry
     * @param limit the most bytes the entry may hold
     * @param file the archive's path, for messages
     * @return the stream, ending at the entry's declared size; it supports mark and reset
     */
    static LimitedInputStream openEntry(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
        long declared = entry.getSize();
        if (declared > limit) {
            throw new WeightFormatException(
                    file + ": entry " + entry.getName() + " declares " + bytes(declared) + ", more than the limit of "
                            + bytes(limit));
        }
        String overLimit = declared >= 0
                ? file + ": entry " + entry.getName() + " holds more than the " + bytes(declared) + " it declares"
                : file + ": entry " + entry.getName() + " holds more than the limit of " + bytes(limit);
        return new LimitedInputStream(
                new BufferedInputStream(zip.getInputStream(entry)), declared >= 0 ? declared : limit, overLimit);
    }

    /**
     * Returns a tensor's number of values, computed without overflow and within the limit per tensor.
     *
     * @param dims the tensor's dimensions, as the file declares them
     * @param what the tensor, for messages, e.g. "file: tensor features.0.weight"
     * @return the number of values
     * @throws WeightFormatException naming the tensor, its shape and the limit
     */
    static long elements(long[] dims, String what) throws WeightFormatException {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new WeightFormatException(what + " has a negative size " + Arrays.toString(dims));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                count = Long.MAX_VALUE;
            }
        }
        if (count > SizeLimits.MAX_TENSOR_ELEMENTS) {
            throw new WeightFormatException(
                    String.format(
                            Locale.ROOT,
                            "%s %s has %s values, more than the limit of %,d per tensor",
                            what,
                            new Shape(dims),
                            count == Long.MAX_VALUE ? "more than 2^63" : String.format(Locale.ROOT, "%,d", count),
                            SizeLimits.MAX_TENSOR_ELEMENTS));
        }
        return count;
    }

    /** Quotes text read from a file for a message: printable ASCII only, and not too long. */
    static String printable(String text) {
        String shown = text.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
    }

    /** Formats a byte count, e.g. "1,073,741,824 bytes". */
    static String bytes(long count) {
        return String.format(Locale.ROOT, "%,d bytes", count);
    }

    /** Describes an exception from a parser in a few words: its message, or its kind when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return kind;
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    /** Tracks how many bytes a reader allocated for a file's tensors, to keep the total within the limit. */
    static final class Budget {

        private final String file;
        private long used;

        Budget(Path file) {
            this.file = file.toString();
        }

        /**
         * Accounts for an allocation before it is made.
         *
         * @param bytes its size
         * @param what what it holds, for the message
         * @throws WeightFormatException when the total would pass the limit
         */
        void take(long bytes, String what) throws WeightFormatException {
            used = used > SizeLimits.MAX_WEIGHT_FILE_BYTES - bytes ? Long.MAX_VALUE : used + bytes;
            if (used > SizeLimits.MAX_WEIGHT_FILE_BYTES) {
                throw new WeightFormatException(
                        file + ": " + what + " brings the data read to more than the limit of "
                                + bytes(SizeLimits.MAX_WEIGHT_FILE_BYTES) + " for a weight file");
            }
        }
    }
}
