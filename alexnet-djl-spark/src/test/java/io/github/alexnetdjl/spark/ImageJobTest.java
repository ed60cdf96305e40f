package io.github.alexnetdjl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.InferenceOptions;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.inference.ModelEvaluation;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.training.Ranks;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs compute what the library computes on one machine: the same classes and probabilities as {@code
 * AlexNet.classify} (what {@code ./alexnet predict} prints), fc7 as the saved network's stages give it, the
 * errors {@code ModelEvaluation} counts; a file that is no image is a row with its error.
 */
class ImageJobTest {

    @TempDir static Path temp;

    private static Path model;
    private static Path images;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        model = SparkFixtures.model(temp.resolve("model"));
        images = SparkFixtures.images(temp.resolve("labelled"));
        spark = SparkFixtures.session();
    }

    private static List<Path> imageFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(images)) {
            return walk.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
        }
    }

    /** The written rows by local file. */
    private static Map<Path, Row> rows(String output) {
        Map<Path, Row> byPath = new HashMap<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            byPath.put(Path.of(URI.create(row.getString(row.fieldIndex(ImageSource.PATH_COLUMN)))), row);
        }
        return byPath;
    }

    private static JobSummary run(ImageTask task, String output) throws IOException {
        return ImageJob.builder().setTask(task).setModel(model.toString())
                .setInput(ImageSource.files(spark, images.toString())).optBatchSize(3).build()
                .writeParquet(output);
    }

    @Test
    void classifyGivesWhatTheLibraryGivesOnOneMachine() throws Exception {
        String output = temp.resolve("classes").toString();
        JobSummary summary = run(ImageTask.CLASSIFY, output);
        List<Path> files = imageFiles();
        assertEquals(files.size(), summary.images(), "every image file, no other file");
        assertEquals(3, summary.errors());
        Map<Path, Row> rows = rows(output);
        assertEquals(files.size(), rows.size());
        try (AlexNet alexnet = AlexNet.load(model, InferenceOptions.builder().optDevice(Device.cpu()).build())) {
            for (Path file : files) {
                Row row = rows.get(file);
                List<Classifications.Classification> expected;
                try {
                    expected = alexnet.classify(file).topK(5);
                } catch (IOException e) {
                    String error = row.getString(row.fieldIndex(ImageTask.ERROR));
                    assertEquals(e.getMessage().replace(file.toString(), row.getString(0)), error);
                    assertTrue(row.isNullAt(row.fieldIndex(ImageTask.CLASSES)), file.toString());
                    continue;
                }
                assertNull(row.get(row.fieldIndex(ImageTask.ERROR)), file.toString());
                List<String> classes = row.getList(row.fieldIndex(ImageTask.CLASSES));
                List<Float> probabilities = row.getList(row.fieldIndex(ImageTask.PROBABILITIES));
                assertEquals(expected.stream().map(Classifications.Classification::getClassName).toList(), classes,
                        file.toString());
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).getProbability(), probabilities.get(i), 1e-6, file + " " + i);
                }
            }
        }
    }

    @Test
    void embedGivesFc7AsTheSavedNetworkComputesIt() throws Exception {
        String output = temp.resolve("embeddings").toString();
        JobSummary summary = run(ImageTask.EMBED, output);
        assertEquals(3, summary.errors());
        Map<Path, Row> rows = rows(output);
        // The network as saved, BatchNorm unfolded, one image at a time: an independent computation.
        try (ModelDirectory saved = ModelDirectory.load(model, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Path file : imageFiles()) {
                Row row = rows.get(file);
                float[] pixels;
                try {
                    pixels = AlexNetTranslator.preprocess(saved.getConfig(), ImageDecoder.read(file));
                } catch (IOException e) {
                    assertNotNull(row.get(row.fieldIndex(ImageTask.ERROR)), file.toString());
                    continue;
                }
                NDList x = new NDList(manager.create(pixels, new Shape(1, 3, 64, 64)));
                for (Pair<String, Block> stage : saved.getBlock().getChildren()) {
                    x = stage.getValue().forward(new ParameterStore(manager, false), x, false);
                    if (stage.getKey().equals("fc7")) {
                        break;
                    }
                }
                NDArray fc7 = x.singletonOrThrow();
                List<Float> embedding = row.getList(row.fieldIndex(ImageTask.EMBEDDING));
                float[] actual = new float[embedding.size()];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = embedding.get(i);
                }
                assertArrayEquals(fc7.toFloatArray(), actual, 1e-5f, file.toString());
            }
        }
    }

    @Test
    void evaluateCountsAsModelEvaluationAndPerClassAsTheLibraryRanks() throws Exception {
        JobSummary summary = run(ImageTask.EVALUATE, temp.resolve("evaluation").toString());
        assertEquals(SparkFixtures.CLASSES, summary.classes().stream().map(JobSummary.ClassErrors::label).toList());
        try (AlexNet alexnet = AlexNet.load(model, InferenceOptions.builder().optDevice(Device.cpu()).build())) {
            int[] shape = alexnet.getModelDirectory().getConfig().getInputShape();
            DecodedImages decoded = DecodedImages.decode(ImageFolder.scan(images),
                    alexnet.getModelDirectory().getConfig().getResize(), Math.min(shape[1], shape[2]));
            ModelEvaluation.Result expected =
                    ModelEvaluation.evaluate(alexnet.getModelDirectory(), alexnet.getModel(), decoded, false, 5);
            JobSummary.ClassErrors overall = summary.overall();
            assertEquals(expected.images(), overall.images());
            assertEquals(expected.top1Error(), overall.top1Error(), 1e-12);
            assertEquals(expected.top5Error(), overall.top5Error(), 1e-12);
            assertEquals(decoded.getSkipped().size(), overall.unreadable());

            for (JobSummary.ClassErrors c : summary.classes()) {
                long n = 0;
                long top1 = 0;
                long top5 = 0;
                long unreadable = 0;
                try (Stream<Path> files = Files.list(images.resolve(c.label()))) {
                    for (Path f : files.filter(ImageFolder::isImage).toList()) {
                        List<Double> probabilities;
                        try {
                            probabilities = alexnet.classify(f).getProbabilities();
                        } catch (IOException e) {
                            unreadable++;
                            continue;
                        }
                        float[] p = new float[probabilities.size()];
                        for (int i = 0; i < p.length; i++) {
                            p[i] = probabilities.get(i).floatValue();
                        }
                        int rank = Ranks.rank(p, 0, p.length, SparkFixtures.CLASSES.indexOf(c.label()));
                        n++;
                        top1 += rank == 0 ? 1 : 0;
                        top5 += rank < 5 ? 1 : 0;
                    }
                }
                assertEquals(new JobSummary.ClassErrors(c.label(), n, top1, top5, unreadable), c);
            }
        }
    }

    @Test
    void imageBytesInATableGiveWhatTheirFilesGiveAndKeepTheOtherColumns() throws Exception {
        List<Path> files = imageFiles();
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            rows.add(RowFactory.create(images.relativize(file).toString(), Files.readAllBytes(file)));
        }
        StructType schema = new StructType().add("name", DataTypes.StringType).add("image", DataTypes.BinaryType);
        String table = temp.resolve("table").toString();
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(table);

        String output = temp.resolve("from-bytes").toString();
        JobSummary summary = ImageJob.builder().setTask(ImageTask.CLASSIFY).setModel(model.toString())
                .setInput(ImageSource.table(spark.read().parquet(table), "image")).build().writeParquet(output);
        assertEquals(files.size(), summary.images());
        assertEquals(3, summary.errors());
        List<String> columns = Arrays.asList(spark.read().parquet(output).columns());
        assertEquals(List.of("name", ImageTask.CLASSES, ImageTask.PROBABILITIES, ImageTask.ERROR), columns);
        try (AlexNet alexnet = AlexNet.load(model, InferenceOptions.builder().optDevice(Device.cpu()).build())) {
            for (Row row : spark.read().parquet(output).collectAsList()) {
                Path file = images.resolve(row.getString(0));
                List<Classifications.Classification> expected;
                try {
                    expected = alexnet.classify(file).topK(5);
                } catch (IOException e) {
                    assertEquals(e.getMessage().replace(file.toString(), "image"), row.getString(3));
                    continue;
                }
                assertEquals(expected.stream().map(Classifications.Classification::getClassName).toList(),
                        row.getList(1), file.toString());
            }
        }
    }
}
