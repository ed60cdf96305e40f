package io.github.alexnetdjl.features;

import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.store.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Feature vectors on disk, as {@link FeatureExtractor#write} writes them: a float32 matrix in NumPy's {@code
 * .npy} format, one row per image, and beside it an index, a CSV file of the same name ending in {@code
 * .csv}, with a header line {@code row,path} and one line per row, in row order. NumPy reads the matrix and
 * pandas or Python's {@code csv} the index, with nothing else installed:
 *
 * <pre>
 * import numpy, pandas
 * features = numpy.load("fc7.npy")          # (images, 4096) float32
 * paths = pandas.read_csv("fc7.csv").path   # paths[i] is the image of features[i]
 * </pre>
 *
 * <p>Both files are written under temporary names and renamed into place when complete, the index first: a
 * reader sees old or new files, each whole, never a partial one.
 */
public final class FeatureFile {

    /** The matrix's file name ending. */
    public static final String MATRIX_SUFFIX = ".npy";

    /** The index's file name ending. */
    public static final String INDEX_SUFFIX = ".csv";

    /**
     * What was written.
     *
     * @param matrix the {@code .npy} file
     * @param index the {@code .csv} file of paths
     * @param rows the images written, one row each
     * @param columns the values per image
     * @param skipped the files that could not be used, in the order met
     */
    public record Summary(Path matrix, Path index, long rows, long columns, List<DecodedImages.Skipped> skipped) {}

    private FeatureFile() {}

    /**
     * Returns the index file that goes with a matrix file: the same name, ending in {@value #INDEX_SUFFIX}.
     *
     * @param matrix the matrix file, its name ending in {@value #MATRIX_SUFFIX}
     * @return the index file
     * @throws IllegalArgumentException if the matrix file's name does not end in {@value #MATRIX_SUFFIX}
     */
    public static Path indexFile(Path matrix) {
        String name = matrix.getFileName() == null ? "" : matrix.getFileName().toString();
        if (!name.endsWith(MATRIX_SUFFIX) || name.length() == MATRIX_SUFFIX.length()) {
            throw new IllegalArgumentException("feature file: expected a name ending in " + MATRIX_SUFFIX
                    + ", got " + matrix);
        }
        return matrix.resolveSibling(name.substring(0, name.length() - MATRIX_SUFFIX.length()) + INDEX_SUFFIX);
    }

    /**
     * Quotes a CSV field as RFC 4180 does, when it needs quotes.
     *
     * @param field the field
     * @return the field as written
     */
    static String csvField(String field) {
        boolean plain = !field.isEmpty() && field.strip().equals(field)
                && field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Writes the matrix and its index together, each to a temporary file until {@link #commit()}. */
    static final class Writer implements AutoCloseable {

        private final NpyWriter matrix;
        private final Path index;
        private final Path indexTemp;
        private final BufferedWriter indexOut;
        private final long columns;
        private boolean committed;

        private Writer(NpyWriter matrix, Path index, Path indexTemp, BufferedWriter indexOut, long columns) {
            this.matrix = matrix;
            this.index = index;
            this.indexTemp = indexTemp;
            this.indexOut = indexOut;
            this.columns = columns;
        }

        /** Starts both files; the index is checked first, so a bad name creates nothing. */
        static Writer create(Path matrixFile, long columns) throws IOException {
            Path index = indexFile(matrixFile).toAbsolutePath().normalize();
            Path indexTemp = AtomicFiles.newTempFile(index);
            BufferedWriter indexOut = null;
            try {
                indexOut = Files.newBufferedWriter(indexTemp, StandardCharsets.UTF_8);
                indexOut.write("row,path\n");
                return new Writer(NpyWriter.create(matrixFile, columns), index, indexTemp, indexOut, columns);
            } catch (IOException | RuntimeException e) {
                if (indexOut != null) {
                    indexOut.close();
                }
                Files.deleteIfExists(indexTemp);
                throw e;
            }
        }

        /** Appends one image's row. */
        void add(Path image, float[] values, int offset) throws IOException {
            indexOut.write(matrix.getRows() + "," + csvField(image.toString()) + "\n");
            matrix.write(values, offset, (int) columns);
        }

        long getRows() {
            return matrix.getRows();
        }

        void commit() throws IOException {
            indexOut.close();
            AtomicFiles.replaceFile(indexTemp, index);
            committed = true;
            matrix.commit();
        }

        @Override
        public void close() throws IOException {
            try (NpyWriter m = matrix) {
                indexOut.close();
            } finally {
                if (!committed) {
                    Files.deleteIfExists(indexTemp);
                }
            }
        }
    }
}
