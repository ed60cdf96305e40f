package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The notebook's Keras weights in every file layout Keras writes give, in this library, the probabilities
 * TensorFlow.js (an independent Keras implementation) computes for the same images.
 */
class KerasImportTest {

    /** The reduced notebook network the fixtures were written for (tools/fixtures/generate.py, KERAS). */
    static AlexNetBlock.Builder fixtureNetwork() {
        return AlexNetBlock.builder()
                .optInputShape(3, 89, 121)
                .optFilters(4, 8, 8, 8, 6)
                .optDenseUnits(16, 16)
                .optNumClasses(5);
    }

    static AlexNet build(AlexNetBlock block) {
        return AlexNet.build(block, ModelFactory.builder().optSeed(3).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras_seed_weights.h5", "keras_seed_model.h5", "keras_seed.weights.h5", "keras_seed.keras"})
    void probabilitiesEqualKeras(String file) throws Exception {
        try (AlexNet alexnet = build(fixtureNetwork().build());
                NDManager manager = NDManager.newBaseManager()) {
            WeightImport.keras(Fixtures.path(file), alexnet.getBlock());
            NDList golden = Fixtures.npz(manager, "keras_seed_golden.npz");
            NDArray nchw = Fixtures.pixels(golden.get("images_nhwc")).transpose(0, 3, 1, 2);
            NDArray probabilities = alexnet.predict(nchw);
            Fixtures.assertClose(golden.get("probabilities"), probabilities.toDevice(manager.getDevice(), false), 1e-4);
        }
    }

    @Test
    void layersAreTakenInModelOrderWhateverTheirNames() throws Exception {
        List<KerasLayerWeights> layers = KerasWeightsFile.read(Fixtures.path("keras_seed_weights.h5"));
        // The session numbered its layers from 8: conv2d_10 comes after conv2d_9, not before conv2d_8.
        List<String> convs =
                layers.stream().filter(l -> l.kind() == KerasLayerWeights.Kind.CONV).map(KerasLayerWeights::name).toList();
        assertEquals(List.of("conv2d_8", "conv2d_9", "conv2d_10", "conv2d_11", "conv2d_12"), convs);
        Map<String, WeightTensor> mapped = KerasMapping.toParameters(layers, fixtureNetwork().build());
        assertEquals(new Shape(4, 3, 11, 11), mapped.get("conv1.conv.weight").shape());
        assertEquals(new Shape(16, 6 * 2 * 3), mapped.get("fc6.dense.weight").shape());
        assertEquals(new Shape(5, 16), mapped.get("fc8.dense.weight").shape());
    }

    @Test
    void everyLayoutHoldsTheSameWeights() throws Exception {
        List<KerasLayerWeights> reference = KerasWeightsFile.read(Fixtures.path("keras_seed_weights.h5"));
        // Conv, BatchNorm and Dense layers each in model order, the kinds one after the other.
        for (String file : List.of("keras_seed_model.h5", "keras_seed.weights.h5", "keras_seed.keras")) {
            List<KerasLayerWeights> other = KerasWeightsFile.read(Fixtures.path(file));
            List<WeightTensor> b = other.stream()
                    .filter(l -> !l.weights().isEmpty())
                    .sorted((x, y) -> Integer.compare(rank(x), rank(y)))
                    .flatMap(l -> l.weights().stream())
                    .toList();
            List<WeightTensor> aSorted = reference.stream()
                    .filter(l -> !l.weights().isEmpty())
                    .sorted((x, y) -> Integer.compare(rank(x), rank(y)))
                    .flatMap(l -> l.weights().stream())
                    .toList();
            assertEquals(aSorted.size(), b.size(), file);
            for (int i = 0; i < b.size(); i++) {
                assertEquals(aSorted.get(i).shape(), b.get(i).shape(), file + " " + b.get(i).source());
                assertArrayEquals(aSorted.get(i).data(), b.get(i).data(), file + " " + b.get(i).source());
            }
        }
    }

    private static int rank(KerasLayerWeights layer) {
        return layer.kind().ordinal();
    }

    @Test
    void fc6ColumnsFollowChwOrder() throws Exception {
        List<KerasLayerWeights> layers = KerasWeightsFile.read(Fixtures.path("keras_seed_weights.h5"));
        WeightTensor keras = layers.stream().filter(l -> l.kind() == KerasLayerWeights.Kind.DENSE).findFirst().orElseThrow()
                .weights().get(0);
        WeightTensor ours = KerasMapping.toParameters(layers, fixtureNetwork().build()).get("fc6.dense.weight");
        // conv5's pooled map is (c, h, w) = (6, 2, 3); Keras's row (h * 3 + w) * 6 + c, column o.
        int out = 16;
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < 6; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        float expected = keras.data()[((h * 3 + w) * 6 + c) * out + o];
                        assertEquals(expected, ours.data()[o * 36 + (c * 2 + h) * 3 + w]);
                    }
                }
            }
        }
    }

    @Test
    void anotherArchitectureIsRefusedAndTheModelLeftUntouched() throws Exception {
        AlexNetBlock wider = fixtureNetwork().optFilters(4, 16, 8, 8, 6).build();
        try (AlexNet alexnet = build(wider)) {
            Map<String, float[]> before = Fixtures.snapshot(alexnet.getBlock());
            WeightFormatException e = assertThrows(
                    WeightFormatException.class,
                    () -> WeightImport.keras(Fixtures.path("keras_seed_weights.h5"), alexnet.getBlock()));
            assertTrue(e.getMessage().contains("conv2.conv.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("(8, 4, 5, 5)") && e.getMessage().contains("(16, 4, 5, 5)"), e.getMessage());
            Map<String, float[]> after = Fixtures.snapshot(alexnet.getBlock());
            for (String path : before.keySet()) {
                assertArrayEquals(before.get(path), after.get(path), path);
            }
        }
    }

    @Test
    void aNetworkWithoutBatchNormIsRefused() throws Exception {
        try (AlexNet alexnet = build(fixtureNetwork().optBatchNorm(false).build())) {
            WeightFormatException e = assertThrows(
                    WeightFormatException.class,
                    () -> WeightImport.keras(Fixtures.path("keras_seed.weights.h5"), alexnet.getBlock()));
            assertTrue(e.getMessage().contains("2 BatchNormalization layers"), e.getMessage());
        }
    }

    @Test
    void aWeightLargerThanItsFileIsRefusedBeforeAllocation() {
        WeightFormatException e = assertThrows(
                WeightFormatException.class, () -> KerasWeightsFile.read(Fixtures.path("keras_unbacked.weights.h5")));
        assertTrue(e.getMessage().contains("declares 400000000 bytes"), e.getMessage());
    }

    @Test
    void notAKerasFileIsRefused() {
        WeightFormatException e = assertThrows(
                WeightFormatException.class, () -> KerasWeightsFile.read(Fixtures.path("torchvision_small_legacy.pth")));
        assertTrue(e.getMessage().contains("not a Keras weight file"), e.getMessage());
    }
}
