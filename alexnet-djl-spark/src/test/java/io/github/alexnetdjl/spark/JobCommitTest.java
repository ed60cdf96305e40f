package io.github.alexnetdjl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output is replaced through Spark's commit protocol: a job whose task fails mid-way leaves no readable
 * output, and running it again writes all of it; a directory holding anything else is never replaced.
 */
class JobCommitTest {

    @TempDir static Path temp;

    private static String model;
    private static ImageSource files;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        model = SparkFixtures.model(temp.resolve("model")).toString();
        spark = SparkFixtures.session();
        files = ImageSource.files(spark, SparkFixtures.images(temp.resolve("labelled")).toString());
    }

    private static ImageJob.Builder classify(ImageSource input) {
        return ImageJob.builder().setTask(ImageTask.CLASSIFY).setModel(model).setInput(input).optBatchSize(1);
    }

    private static List<String> sortedRows(String output) {
        List<String> rows = new ArrayList<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            rows.add(row.toString());
        }
        rows.sort(null);
        return rows;
    }

    /** Passes its partition's rows on, except in the last of three partitions, which fails at its third. */
    static final class FailingLastPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            boolean failing = TaskContext.getPartitionId() == 2;
            return new Iterator<>() {
                private int passed;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    if (failing && passed == 2) {
                        throw new IllegalStateException("the task was interrupted after two images");
                    }
                    passed++;
                    return rows.next();
                }
            };
        }
    }

    @Test
    void aJobWhoseTaskFailsMidWayLeavesNoReadableOutputAndTheRerunWritesAll() throws Exception {
        String output = temp.resolve("classes").toString();
        JobSummary first = classify(files).build().writeParquet(output);
        List<String> expected = sortedRows(output);
        assertEquals(first.images(), expected.size());

        // Two tasks commit on the two cores before the third starts, writes two rows and fails.
        Dataset<Row> paths = files.getTable(3);
        Dataset<Row> failing = paths.mapPartitions(new FailingLastPartition(), Encoders.row(paths.schema()));
        // Spark logs the failure with its stack traces at ERROR: expected here, so not shown.
        spark.sparkContext().setLogLevel("OFF");
        Exception e;
        try {
            e = assertThrows(SparkException.class,
                    () -> classify(ImageSource.table(failing, ImageSource.PATH_COLUMN)).build().writeParquet(output));
        } finally {
            spark.sparkContext().setLogLevel("WARN");
        }
        assertTrue(e.toString().contains("interrupted after two images") || causes(e).contains("interrupted after two images"),
                e.toString());
        assertThrows(AnalysisException.class, () -> spark.read().parquet(output).count(), "no readable output");
        if (Files.exists(Path.of(output))) {
            try (Stream<Path> left = Files.list(Path.of(output))) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("part-")), "no part file");
            }
        }

        JobSummary again = classify(files).build().writeParquet(output);
        assertEquals(first.images(), again.images());
        assertEquals(expected, sortedRows(output));
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void aDirectoryHoldingOtherFilesIsNeverReplaced() throws Exception {
        Path output = Files.createDirectories(temp.resolve("mine"));
        Path notes = Files.writeString(output.resolve("notes.txt"), "keep me");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> classify(files).build().writeParquet(output.toString()));
        assertEquals(output + ": it holds notes.txt, which a Spark job does not write; refusing to replace it"
                + " (choose a new directory)", e.getMessage());
        assertEquals("keep me", Files.readString(notes));

        Path file = Files.writeString(temp.resolve("a-file"), "keep me too");
        assertThrows(FileAlreadyExistsException.class, () -> classify(files).build().writeParquet(file.toString()));
        assertEquals("keep me too", Files.readString(file));
    }
}
