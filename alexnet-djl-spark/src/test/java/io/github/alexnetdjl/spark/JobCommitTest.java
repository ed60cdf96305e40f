package io.github.alexnetdjl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output is replaced through Spark's commit protocol: a job whose task fails mid-way, or whose JVM is killed
 * after a task committed, leaves no readable output, and running it again writes all of it; a directory holding
 * anything else is never replaced.
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

    @Test
    void aJobKilledAfterATaskCommittedLeavesNoReadableOutputAndTheRerunWritesAll() throws Exception {
        String output = temp.resolve("killed").toString();
        classify(files).build().writeParquet(output);
        List<String> expected = sortedRows(output);

        Process child = ChildJvm.start(temp, Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")),
                KilledJob.class, model, SparkFixtures.images(temp.resolve("killed-images")).toString(), output);
        try {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (!taskCommitted(Path.of(output))) {
                assertTrue(child.isAlive(), "the child ended before its first task committed");
                assertTrue(System.nanoTime() < deadline, "no task committed in 3 minutes");
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThrows(AnalysisException.class, () -> spark.read().parquet(output).count(), "no readable output");
        try (Stream<Path> left = Files.list(Path.of(output))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("part-")), "no part file");
        }

        classify(files).build().writeParquet(output);
        assertEquals(expected, sortedRows(output));
    }

    /** A task's committed file, waiting under {@code _temporary} for the job's commit. */
    private static boolean taskCommitted(Path output) throws IOException {
        Path pending = output.resolve("_temporary/0");
        if (!Files.isDirectory(pending)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(pending)) {
            return walk.anyMatch(p -> p.getFileName().toString().startsWith("part-")
                    && p.getParent().getFileName().toString().startsWith("task_"));
        }
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
