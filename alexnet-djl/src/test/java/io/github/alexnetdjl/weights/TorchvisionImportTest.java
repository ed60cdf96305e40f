package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** torchvision's AlexNet layout, saved by PyTorch in both file formats, gives PyTorch's outputs here. */
class TorchvisionImportTest {

    /** The reduced torchvision network of the fixtures (tools/fixtures/generate.py, TORCH). */
    static AlexNetBlock.Builder fixtureNetwork() {
        return AlexNetBlock.builder()
                .optVariant(Variant.TORCHVISION)
                .optInputShape(3, 127, 159)
                .optFilters(4, 8, 8, 8, 6)
                .optDenseUnits(16, 16)
                .optNumClasses(5);
    }

    static AlexNet build(AlexNetBlock block) {
        return AlexNet.build(block, ModelFactory.builder().optSeed(5).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"torchvision_small.pth", "torchvision_small_legacy.pth"})
    void outputsEqualPyTorch(String file) throws Exception {
        for (AlexNetBlock.Output output : AlexNetBlock.Output.values()) {
            try (AlexNet alexnet = build(fixtureNetwork().optOutput(output).build());
                    NDManager manager = NDManager.newBaseManager()) {
                WeightImport.torchvision(Fixtures.path(file), alexnet.getBlock());
                NDList golden = Fixtures.npz(manager, "torchvision_small_golden.npz");
                NDArray result = alexnet.predict(Fixtures.pixels(golden.get("images_nchw")));
                String expected = output == AlexNetBlock.Output.LOGITS ? "logits" : "probabilities";
                Fixtures.assertClose(golden.get(expected), result.toDevice(manager.getDevice(), false), 1e-4);
            }
        }
    }

    @Test
    void anotherWidthIsRefusedAndTheModelLeftUntouched() throws Exception {
        try (AlexNet alexnet = build(fixtureNetwork().optDenseUnits(32, 16).build())) {
            Map<String, float[]> before = Fixtures.snapshot(alexnet.getBlock());
            WeightFormatException e = assertThrows(
                    WeightFormatException.class,
                    () -> WeightImport.torchvision(Fixtures.path("torchvision_small.pth"), alexnet.getBlock()));
            assertTrue(e.getMessage().contains("fc6.dense.weight") && e.getMessage().contains("classifier.1.weight"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(16, 216)") && e.getMessage().contains("(32, 216)"), e.getMessage());
            Map<String, float[]> after = Fixtures.snapshot(alexnet.getBlock());
            for (String path : before.keySet()) {
                assertArrayEquals(before.get(path), after.get(path), path);
            }
        }
    }

    @Test
    void importedParametersStillTrain() throws Exception {
        try (AlexNet alexnet = build(fixtureNetwork().optDropout(0f).build());
                NDManager manager = NDManager.newBaseManager()) {
            WeightImport.torchvision(Fixtures.path("torchvision_small.pth"), alexnet.getBlock());
            NDArray weight = alexnet.getBlock().getParameters().get("conv1.conv.weight").getArray();
            float[] imported = weight.toFloatArray();
            NDList golden = Fixtures.npz(manager, "torchvision_small_golden.npz");
            NDArray images = Fixtures.pixels(golden.get("images_nchw")).toDevice(weight.getDevice(), false);
            NDArray labels = manager.create(new float[] {1, 3}).toDevice(weight.getDevice(), false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = alexnet.getBlock().logits()
                        .forward(new ParameterStore(manager, false), new NDList(images), true)
                        .singletonOrThrow();
                collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)));
            }
            float[] gradient = weight.getGradient().toFloatArray();
            double norm = 0;
            for (float g : gradient) {
                norm += g * g;
            }
            assertTrue(norm > 0, "the imported conv1 weight gets a gradient");
            assertArrayEquals(imported, weight.toFloatArray(), "the backward pass leaves the values as imported");
        }
    }

    @Test
    void keyMissingFromTheFileIsNamed() throws Exception {
        Map<String, WeightTensor> tensors = new java.util.LinkedHashMap<>(
                TorchvisionMapping.toParameters(TorchStateDict.read(Fixtures.path("torchvision_small.pth"))));
        tensors.remove("conv3.conv.bias");
        try (AlexNet alexnet = build(fixtureNetwork().build())) {
            WeightFormatException e = assertThrows(
                    WeightFormatException.class, () -> ParameterLoader.load(alexnet.getBlock(), tensors));
            assertTrue(e.getMessage().contains("conv3.conv.bias"), e.getMessage());
        }
    }

    @Test
    void kerasWeightsDoNotFitTheTorchvisionNetwork() throws Exception {
        try (AlexNet alexnet = build(fixtureNetwork().build())) {
            assertThrows(WeightFormatException.class,
                    () -> WeightImport.keras(Fixtures.path("keras_seed_weights.h5"), alexnet.getBlock()));
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensorAndTheModelLeftUntouched(@TempDir Path tmp) throws Exception {
        // storage 0 is features.0.weight (4, 3, 11, 11); storage 15 is classifier.6.bias (5)
        Object[][] cases = {
            {"0", 7, Float.NaN, "tensor conv1.conv.weight (file: features.0.weight) holds NaN at index 7 of"
                    + " (4, 3, 11, 11)"},
            {"15", 2, Float.POSITIVE_INFINITY, "tensor fc8.dense.bias (file: classifier.6.bias) holds Infinity at"
                    + " index 2 of (5)"},
        };
        for (Object[] c : cases) {
            Path file = TorchFiles.rewrite("torchvision_small.pth", tmp.resolve("bad" + c[0] + ".pth"),
                    (name, data) -> name.endsWith("/data/" + c[0]) ? withFloat(data, (int) c[1], (float) c[2]) : data,
                    Map.of());
            try (AlexNet alexnet = build(fixtureNetwork().build())) {
                Map<String, float[]> before = Fixtures.snapshot(alexnet.getBlock());
                WeightFormatException e = assertThrows(
                        WeightFormatException.class, () -> WeightImport.torchvision(file, alexnet.getBlock()));
                assertTrue(e.getMessage().startsWith((String) c[3]), e.getMessage());
                Map<String, float[]> after = Fixtures.snapshot(alexnet.getBlock());
                for (String path : before.keySet()) {
                    assertArrayEquals(before.get(path), after.get(path), path);
                }
            }
        }
    }

    private static byte[] withFloat(byte[] storage, int index, float value) {
        byte[] changed = storage.clone();
        ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putFloat(index * Float.BYTES, value);
        return changed;
    }
}
