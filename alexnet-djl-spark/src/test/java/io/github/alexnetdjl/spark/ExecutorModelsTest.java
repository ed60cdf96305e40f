package io.github.alexnetdjl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor JVM loads a model once, however many tasks and jobs use it (local mode runs the executor in
 * this JVM); a model on another file system is copied to a temporary directory for the load, which is then
 * deleted.
 */
class ExecutorModelsTest {

    @TempDir static Path temp;

    private static SparkSession spark;
    private static Path images;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkFixtures.session();
        spark.sparkContext().hadoopConfiguration()
                .set("fs." + ElsewhereFileSystem.SCHEME + ".impl", ElsewhereFileSystem.class.getName());
        images = SparkFixtures.images(temp.resolve("labelled"));
    }

    private static Set<Path> modelCopies() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("alexnet-model-")).collect(Collectors.toSet());
        }
    }

    @Test
    void aRemoteModelIsCopiedAndLoadedOncePerJvmForEveryTaskAndJob() throws Exception {
        String model = ElsewhereFileSystem.SCHEME + "://" + SparkFixtures.model(temp.resolve("model")).toUri().getPath();
        // Image paths on the other file system too: the tasks read them through Hadoop.
        List<String> paths;
        try (Stream<Path> walk = Files.walk(images)) {
            paths = walk.filter(Files::isRegularFile).map(p -> ElsewhereFileSystem.SCHEME + "://" + p.toUri().getPath())
                    .sorted().toList();
        }
        Dataset<Row> table = spark.createDataset(paths, Encoders.STRING()).toDF("image");
        Set<Path> copiesBefore = modelCopies();
        int before = ExecutorModels.loads();
        for (int run = 0; run < 2; run++) {
            JobSummary summary = ImageJob.builder().setTask(ImageTask.CLASSIFY).setModel(model)
                    .setInput(ImageSource.table(table, "image"))
                    .optPartitions(4)
                    .build()
                    .writeParquet(temp.resolve("out").toString());
            assertEquals(paths.size(), summary.images());
            assertEquals(4, summary.errors(), "three broken images and the text file");
        }
        assertEquals(1, ExecutorModels.loads() - before, "four tasks, two jobs, two cores: one load");
        assertEquals(copiesBefore, modelCopies(), "the copy is deleted once loaded");

        // Loaded another way, it is another model.
        ImageJob.builder().setTask(ImageTask.CLASSIFY).setModel(model).setInput(ImageSource.table(table, "image"))
                .optFoldBatchNorm(false).build().writeParquet(temp.resolve("unfolded").toString());
        assertEquals(2, ExecutorModels.loads() - before);
    }
}
