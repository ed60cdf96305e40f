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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notebook's Keras weights in every file layout Keras writes give, in this library, the probabilities
 * TensorFlow.js (an independent Keras implementation) computes for the same images.
 */
class KerasImportTest {

    @TempDir Path tmp;

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

    @Test
    void dimensionsPastTheLimitOrALongAreRefusedBeforeReading() throws Exception {
        // keras_unbacked.weights.h5 declares conv2d's kernel (1000, 1000, 100); its dataspace is patched
        byte[] file = Files.readAllBytes(Fixtures.path("keras_unbacked.weights.h5"));
        long[][] dims = {{100_000, 1000, 100}, {1L << 40, 1L << 40, 100}};
        String[] counts = {"10,000,000,000", "more than 2^63"};
        for (int i = 0; i < dims.length; i++) {
            Path patched = tmp.resolve("dims" + i + ".weights.h5");
            Files.write(patched, replace(file, longs(1000, 1000, 100), longs(dims[i])));
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> KerasWeightsFile.read(patched));
            assertEquals(patched + ": weight layers/conv2d/vars/0 (" + dims[i][0] + ", " + dims[i][1] + ", 100) has "
                    + counts[i] + " values, more than the limit of 268,435,456 per tensor", e.getMessage());
        }
    }

    @Test
    void aKerasArchiveDeclaringMoreThanTheLimitIsRefusedBeforeInflating() throws Exception {
        Path keras = tmp.resolve("big.keras");
        Files.write(keras, kerasArchive(1 << 20, Integer.MAX_VALUE));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> KerasWeightsFile.read(keras));
        assertEquals(keras + ": entry model.weights.h5 declares 2,147,483,647 bytes, more than the limit of"
                + " 1,073,741,824 bytes", e.getMessage());
        // the same check at a limit a test can reach
        Path honest = tmp.resolve("honest.keras");
        Files.write(honest, kerasArchive(1 << 20, -1));
        e = assertThrows(WeightFormatException.class, () -> KerasWeightsFile.kerasZipEntry(honest, 1 << 16));
        assertEquals(honest + ": entry model.weights.h5 declares 1,048,576 bytes, more than the limit of 65,536 bytes",
                e.getMessage());
    }

    @Test
    void aKerasArchiveInflatingPastItsHeaderIsCaughtWhileReading() throws Exception {
        // the zip's directory says 1000 bytes; the entry inflates to 1 MiB
        Path keras = tmp.resolve("lying.keras");
        Files.write(keras, kerasArchive(1 << 20, 1000));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> KerasWeightsFile.read(keras));
        assertEquals(keras + ": entry model.weights.h5 holds more than the 1,000 bytes it declares", e.getMessage());
    }

    @Test
    void missingOrDamagedFilesGiveOneMessageNamingTheFile() throws Exception {
        Path missing = tmp.resolve("missing.h5");
        NoSuchFileException none = assertThrows(NoSuchFileException.class, () -> KerasWeightsFile.read(missing));
        assertEquals(missing + ": no such file; expected a Keras weight file (.h5, .weights.h5, .keras)", none.getMessage());
        for (String fixture : List.of("keras_seed.keras", "keras_seed.weights.h5", "keras_seed_weights.h5")) {
            Path cut = tmp.resolve("cut-" + fixture);
            Files.write(cut, Arrays.copyOf(Files.readAllBytes(Fixtures.path(fixture)), 3000));
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> KerasWeightsFile.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(fixture.endsWith(".keras") ? "truncated zip" : "unreadable HDF5"),
                    e.getMessage());
        }
    }

    /**
     * A .keras zip whose model.weights.h5 entry inflates to {@code size} zero bytes, its declared size patched
     * to {@code declared} in the zip's central directory (which is what readers trust), or left if negative.
     */
    private static byte[] kerasArchive(int size, long declared) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            zip.write(new byte[size]);
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        if (declared >= 0) {
            ByteBuffer buffer = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i + 4 <= archive.length; i++) {
                if (buffer.getInt(i) == 0x02014b50) { // central directory header; uncompressed size at +24
                    buffer.putInt(i + 24, (int) declared);
                }
            }
        }
        return archive;
    }

    private static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    private static byte[] replace(byte[] data, byte[] from, byte[] to) {
        byte[] result = data.clone();
        int found = 0;
        for (int i = 0; i + from.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, result, i, to.length);
                found++;
            }
        }
        assertTrue(found > 0, "pattern not found");
        return result;
    }
}
