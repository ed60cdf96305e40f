package io.github.alexnetdjl.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.ServingProperties;
import io.github.alexnetdjl.training.ClassifierTrainer;
import io.github.alexnetdjl.training.TrainingOptions;
import io.github.alexnetdjl.weights.ModelImport;
import io.github.alexnetdjl.weights.WeightFormats;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DJL's own loading path, {@code Criteria.builder().optModelPath(dir)}, on every kind of model directory the
 * library writes: a training run's best/, a checkpoint, an import. It classifies as the library does.
 */
class CriteriaLoadingTest {

    @TempDir static Path temp;
    static Path best;
    static Path checkpoint;
    static Path imported;
    /** 240x180: wide enough for the imported network's 127x159 crop after its resize to 145. */
    static Path photo;

    @BeforeAll
    static void writeModelDirectories() throws Exception {
        Path data = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(6, 3).optSize(72).build()
                .generate(temp.resolve("data"));
        ModelConfig config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        DecodedImages train = DecodedImages.decode(ImageFolder.scan(data.resolve("train")), config.getResize(), 64);
        DecodedImages val = DecodedImages.decode(ImageFolder.scan(data.resolve("val")), config.getResize(), 64);
        Path run = temp.resolve("run");
        ClassifierTrainer.builder().setConfig(config).setData(train, val).setOutput(run)
                .optOptions(TrainingOptions.builder().optEpochs(1).optBatchSize(6).optDevice(Device.cpu()).optSeed(3)
                        .build())
                .build().fit();
        best = run.resolve(ClassifierTrainer.BEST);
        checkpoint = ClassifierTrainer.checkpoints(run).get(0);
        imported = temp.resolve("imported");
        ModelImport.builder().setFormat(WeightFormats.TORCHVISION)
                .setWeights(Path.of(CriteriaLoadingTest.class.getResource("/weights/torchvision_small.pth").toURI()))
                .setOutput(imported).optInputSize(127, 159).build().run();
        BufferedImage wide = new BufferedImage(240, 180, BufferedImage.TYPE_INT_RGB);
        BufferedImage drawn = SyntheticImages.builder().optSize(180).build().image(1, 0);
        wide.createGraphics().drawImage(drawn, 30, 0, null);
        photo = temp.resolve("photo.png");
        ImageIO.write(wide, "png", photo.toFile());
    }

    static Stream<Path> modelDirectories() {
        return Stream.of(best, checkpoint, imported);
    }

    static ZooModel<Image, Classifications> loadThroughCriteria(Path directory) throws Exception {
        return Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(directory).build()
                .loadModel();
    }

    /** The library's probabilities for the photo: preprocessed, then run by AlexNet.predict. */
    static float[] libraryProbabilities(AlexNet alexnet) throws IOException {
        ModelConfig config = alexnet.getModelDirectory().getConfig();
        int[] shape = config.getInputShape();
        try (NDManager manager = NDManager.newBaseManager(alexnet.getDevice(), ModelFactory.ENGINE)) {
            NDArray x = manager.create(AlexNetTranslator.preprocess(config, ImageDecoder.read(photo)),
                    new Shape(1, shape[0], shape[1], shape[2]));
            return alexnet.predict(x).toFloatArray();
        }
    }

    static void assertSameClassification(AlexNet alexnet, Classifications actual) throws IOException {
        float[] expected = libraryProbabilities(alexnet);
        List<String> classes = alexnet.getModelDirectory().getClasses();
        List<Classifications.Classification> items = actual.items();
        assertEquals(classes.size(), items.size());
        for (Classifications.Classification c : items) {
            assertEquals(expected[classes.indexOf(c.getClassName())], c.getProbability(), 1e-6, c.getClassName());
        }
    }

    @ParameterizedTest
    @MethodSource("modelDirectories")
    void criteriaClassifiesAsTheLibrary(Path directory) throws Exception {
        try (ZooModel<Image, Classifications> model = loadThroughCriteria(directory);
                Predictor<Image, Classifications> predictor = model.newPredictor();
                AlexNet alexnet = AlexNet.load(directory)) {
            Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(photo));
            assertSameClassification(alexnet, result);
            assertEquals(alexnet.classify(photo).best().getClassName(), result.best().getClassName());
        }
    }

    @Test
    void criteriaTakesImageFilesToo() throws Exception {
        try (ZooModel<Path, Classifications> model = Criteria.builder().setTypes(Path.class, Classifications.class)
                        .optModelPath(best).build().loadModel();
                Predictor<Path, Classifications> predictor = model.newPredictor();
                AlexNet alexnet = AlexNet.load(best)) {
            assertSameClassification(alexnet, predictor.predict(photo));
        }
    }

    @Test
    void theLibrarysTranslatorFeedsTheSameNetwork() throws Exception {
        try (ZooModel<Image, Classifications> model = Criteria.builder().setTypes(Image.class, Classifications.class)
                        .optModelPath(best).optTranslatorFactory(new AlexNetTranslatorFactory()).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor();
                AlexNet alexnet = AlexNet.load(best)) {
            assertSameClassification(alexnet, predictor.predict(ImageFactory.getInstance().fromFile(photo)));
        }
    }

    @Test
    void djlServingGetsTheClassificationAsJson() throws Exception {
        try (ZooModel<Input, Output> model = Criteria.builder().setTypes(Input.class, Output.class)
                        .optModelPath(best).build().loadModel();
                Predictor<Input, Output> predictor = model.newPredictor();
                AlexNet alexnet = AlexNet.load(best)) {
            Input input = new Input();
            input.add(Files.readAllBytes(photo));
            String json = predictor.predict(input).getData().getAsString();
            float[] expected = libraryProbabilities(alexnet);
            List<String> classes = alexnet.getModelDirectory().getClasses();
            JsonArray items = JsonParser.parseString(json).getAsJsonArray();
            assertEquals(classes.size(), items.size(), json);
            for (JsonElement item : items) {
                String name = item.getAsJsonObject().get("className").getAsString();
                assertEquals(expected[classes.indexOf(name)], item.getAsJsonObject().get("probability").getAsDouble(),
                        1e-6, name);
            }
        }
    }

    @Test
    void servingPropertiesNameThisLibrarysFactories() throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(best.resolve(ServingProperties.FILE))) {
            properties.load(reader);
        }
        assertEquals(AlexNetBlockFactory.class.getName(), properties.getProperty("blockFactory"));
        assertEquals(AlexNetTranslatorFactory.class.getName(), properties.getProperty("translatorFactory"));
        assertEquals(ModelFactory.ENGINE, properties.getProperty("engine"));
    }

    @Test
    void criteriaModelRecordsNoGradientsOnAnotherThread() throws Exception {
        try (ZooModel<Image, Classifications> model = loadThroughCriteria(best)) {
            AtomicReference<Boolean> recorded = new AtomicReference<>();
            // A new thread starts with libtorch's grad mode on; frozen parameters keep the pass out of autograd.
            Thread thread = new Thread(() -> {
                try (NDManager manager = model.getNDManager().newSubManager()) {
                    NDArray x = manager.randomUniform(-1f, 1f, new Shape(1, 3, 64, 64));
                    NDArray out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
                    recorded.set(out.hasGradient());
                }
            });
            thread.start();
            thread.join();
            assertEquals(Boolean.FALSE, recorded.get());
        }
    }

    /** best/ as versions before serving.properties saved it: config.json, classes.txt, the parameters. */
    static Path olderCopyOfBest(String name) throws IOException {
        Path copy = Files.createDirectories(temp.resolve(name));
        for (String file : List.of(ModelDirectory.CONFIG_FILE, ModelDirectory.CLASSES_FILE,
                ModelDirectory.PARAMETERS_FILE)) {
            Files.copy(best.resolve(file), copy.resolve(file));
        }
        return copy;
    }

    @Test
    void anOlderDirectoryLoadsOnceServingPropertiesIsAdded() throws Exception {
        Path old = olderCopyOfBest("older");
        assertThrows(IOException.class, () -> loadThroughCriteria(old), "DJL alone looks for older.pt");

        assertTrue(ServingProperties.add(old));
        assertFalse(ServingProperties.add(old), "already there");
        try (ZooModel<Image, Classifications> model = loadThroughCriteria(old);
                Predictor<Image, Classifications> predictor = model.newPredictor();
                AlexNet alexnet = AlexNet.load(best)) {
            assertSameClassification(alexnet, predictor.predict(ImageFactory.getInstance().fromFile(photo)));
        }
    }

    @Test
    void servingPropertiesSomeoneElseWroteAreLeftAlone() throws Exception {
        Path other = olderCopyOfBest("other");
        Path mine = Files.writeString(other.resolve(ServingProperties.FILE), "engine=PyTorch\n");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> ServingProperties.add(other));
        assertTrue(e.getMessage().startsWith(mine.toString()), e.getMessage());
        assertEquals("engine=PyTorch\n", Files.readString(mine));
        assertThrows(IOException.class, () -> ServingProperties.add(temp.resolve("data")), "not a model directory");
    }

    @Test
    void criteriaRefusesNonFiniteParametersNamingTheFile() throws Exception {
        ModelConfig config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        Path diverged = temp.resolve("diverged");
        try (AlexNet alexnet = AlexNet.build(config.newBlock(), ModelFactory.builder().optDevice(Device.cpu()).build())) {
            alexnet.getBlock().getParameters().get("fc7.dense.weight").getArray().set(new NDIndex(2), Float.NaN);
            ModelDirectory.save(diverged, alexnet.getBlock(), config, List.of("a", "b", "c"));
        }
        IOException e = assertThrows(IOException.class, () -> loadThroughCriteria(diverged));
        assertTrue(e.getMessage().startsWith(diverged.toAbsolutePath().resolve(ModelDirectory.PARAMETERS_FILE)
                + ": parameter fc7.dense.weight holds 16 NaN"), e.getMessage());
    }
}
