package io.github.alexnetdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a model directory for inference through the library, and classifying with it. */
class AlexNetLoadTest {

    static final ModelConfig CONFIG = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
            .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
    static final List<String> CLASSES = List.of("circle", "cross", "ring");
    static final InferenceOptions CPU = InferenceOptions.builder().optDevice(Device.cpu()).build();

    @TempDir static Path temp;
    static Path model;
    static Path photo;
    /** The saved network's probabilities for the photo, computed by the network as built, before saving. */
    static float[] expected;

    @BeforeAll
    static void saveModel() throws Exception {
        photo = temp.resolve("photo.png");
        ImageIO.write(SyntheticImages.builder().optSize(80).build().image(2, 1), "png", photo.toFile());
        model = temp.resolve("model");
        try (AlexNet alexnet = AlexNet.build(CONFIG.newBlock(),
                        ModelFactory.builder().optDevice(Device.cpu()).optSeed(11).build());
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            RandomBatchNorms.randomize(alexnet.getBlock(), new Random(7));
            ModelDirectory.save(model, alexnet.getBlock(), CONFIG, CLASSES);
            expected = alexnet.predict(preprocessedPhoto(manager)).toFloatArray();
        }
    }

    static NDArray preprocessedPhoto(NDManager manager) throws Exception {
        return manager.create(AlexNetTranslator.preprocess(CONFIG, ImageDecoder.read(photo)), new Shape(1, 3, 64, 64));
    }

    static void assertProbabilities(float[] probabilities, Classifications result, double tolerance) {
        assertEquals(CLASSES.size(), result.items().size());
        for (Classifications.Classification c : result.items()) {
            assertEquals(probabilities[CLASSES.indexOf(c.getClassName())], c.getProbability(), tolerance,
                    c.getClassName());
        }
    }

    @Test
    void predictRestoresTheCallersGradMode() throws Exception {
        boolean before = LibTorch.isGradMode();
        try (AlexNet alexnet = AlexNet.build(CONFIG.newBlock(), ModelFactory.builder().optDevice(Device.cpu()).build());
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
            LibTorch.setGradMode(true);
            NDArray output = alexnet.predict(images);
            assertTrue(LibTorch.isGradMode(), "predict switched the caller's grad mode off for good");
            assertFalse(output.hasGradient(), "the pass itself ran without autograd");
            LibTorch.setGradMode(false);
            alexnet.predict(images);
            assertFalse(LibTorch.isGradMode());
        } finally {
            LibTorch.setGradMode(before);
        }
    }

    @Test
    void loadedModelClassifiesAsTheSavedNetworkFoldedOrNot() throws Exception {
        for (boolean fold : new boolean[] {true, false}) {
            InferenceOptions options = InferenceOptions.builder().optDevice(Device.cpu()).optFoldBatchNorm(fold).build();
            try (AlexNet alexnet = AlexNet.load(model, options);
                    NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
                assertEquals(CLASSES, alexnet.getModelDirectory().getClasses());
                assertProbabilities(expected, alexnet.classify(photo), 1e-5);
                float[] predicted = alexnet.predict(preprocessedPhoto(manager)).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], predicted[i], 1e-5);
                }
            }
        }
    }

    @Test
    void onnxRuntimeEngineClassifiesAsPyTorch() throws Exception {
        InferenceOptions options = InferenceOptions.builder().optDevice(Device.cpu())
                .optEngine(OnnxRuntimeInference.ENGINE).build();
        try (AlexNet alexnet = AlexNet.load(model, options);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            assertEquals(OnnxRuntimeInference.ENGINE, alexnet.getModel().getNDManager().getEngine().getEngineName());
            assertProbabilities(expected, alexnet.classify(photo), 1e-5);
            NDArray predicted = alexnet.predict(preprocessedPhoto(manager));
            assertSame(manager, predicted.getManager(), "ONNX Runtime's output comes back as a PyTorch array");
            float[] values = predicted.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], values[i], 1e-5);
            }
        }
    }

    @Test
    void unknownEngineIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceOptions.builder().optEngine("TensorFlow").build());
        assertEquals("engine: expected one of [PyTorch, OnnxRuntime], got TensorFlow", e.getMessage());
    }

    @Test
    void nonFiniteParametersAreRefusedNamingTheFile() throws Exception {
        Path diverged = temp.resolve("diverged");
        try (AlexNet alexnet = AlexNet.build(CONFIG.newBlock(), ModelFactory.builder().optDevice(Device.cpu()).build())) {
            alexnet.getBlock().getParameters().get("conv1.conv.weight").getArray()
                    .set(new NDIndex(0, 0, 0, 0), Float.POSITIVE_INFINITY);
            ModelDirectory.save(diverged, alexnet.getBlock(), CONFIG, CLASSES);
        }
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> AlexNet.load(diverged, CPU));
        assertTrue(e.getMessage().startsWith(diverged.resolve(ModelDirectory.PARAMETERS_FILE)
                + ": parameter conv1.conv.weight holds 0 NaN and 1 infinite value(s)"), e.getMessage());
    }

    @Test
    void aBuiltModelHasNoClassesToClassifyWith() {
        try (AlexNet alexnet = AlexNet.build(CONFIG.newBlock(), ModelFactory.builder().optDevice(Device.cpu()).build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> alexnet.classify(photo));
            assertTrue(e.getMessage().contains("AlexNet.load"), e.getMessage());
        }
    }
}
