package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imported weights survive export (read back) and DJL's own save and load. */
class WeightExportTest {

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"alexnet.safetensors", "alexnet.npz"})
    void exportReadsBackToTheParameters(String name) throws Exception {
        try (AlexNet alexnet = KerasImportTest.build(KerasImportTest.fixtureNetwork().build());
                NDManager manager = NDManager.newBaseManager()) {
            WeightImport.keras(Fixtures.path("keras_seed.keras"), alexnet.getBlock());
            Path file = tmp.resolve(name);
            WeightExport.write(alexnet.getBlock(), file);
            NDList read;
            try (InputStream in = Files.newInputStream(file)) {
                read = NDList.decode(manager, in);
            }
            assertEquals(alexnet.getBlock().getParameters().size(), read.size());
            for (Pair<String, Parameter> p : alexnet.getBlock().getParameters()) {
                NDArray back = read.get(p.getKey());
                NDArray original = p.getValue().getArray();
                assertEquals(original.getShape(), back.getShape(), p.getKey());
                assertArrayEquals(original.toFloatArray(), back.toFloatArray(), p.getKey());
            }
            try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(file), left.toList(), "no temporary file left behind");
            }
        }
    }

    @Test
    void safetensorsHeaderFollowsTheSpecification() throws Exception {
        try (AlexNet alexnet = KerasImportTest.build(KerasImportTest.fixtureNetwork().build())) {
            Path file = tmp.resolve("alexnet.safetensors");
            WeightExport.write(alexnet.getBlock(), file);
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = (int) buffer.getLong();
            JsonObject header = JsonParser.parseString(
                    new String(bytes, 8, headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
            long dataLength = bytes.length - 8L - headerLength;
            long total = 0;
            for (Pair<String, Parameter> p : alexnet.getBlock().getParameters()) {
                JsonObject entry = header.getAsJsonObject(p.getKey());
                assertEquals("F32", entry.get("dtype").getAsString(), p.getKey());
                long[] shape = p.getValue().getArray().getShape().getShape();
                long[] written = new long[entry.getAsJsonArray("shape").size()];
                for (int i = 0; i < written.length; i++) {
                    written[i] = entry.getAsJsonArray("shape").get(i).getAsLong();
                }
                assertArrayEquals(shape, written, p.getKey());
                long start = entry.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = entry.getAsJsonArray("data_offsets").get(1).getAsLong();
                assertEquals(p.getValue().getArray().size() * 4, end - start, p.getKey());
                float first = ByteBuffer.wrap(bytes, (int) (8 + headerLength + start), 4)
                        .order(ByteOrder.LITTLE_ENDIAN).getFloat();
                assertEquals(p.getValue().getArray().toFloatArray()[0], first, p.getKey());
                total += end - start;
            }
            assertEquals(dataLength, total);
        }
    }

    @Test
    void anUnknownExtensionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WeightExport.encoding(tmp.resolve("alexnet.bin")));
    }

    @Test
    void djlSaveAndLoadKeepTheImportedOutputs() throws Exception {
        ModelConfig config = ModelConfig.builder()
                .optInputShape(3, 89, 121)
                .optNumClasses(5)
                .optFilters(4, 8, 8, 8, 6)
                .optDenseUnits(16, 16)
                .build();
        Path dir = tmp.resolve("model");
        try (AlexNet alexnet = KerasImportTest.build(KerasImportTest.fixtureNetwork().build())) {
            WeightImport.keras(Fixtures.path("keras_seed_model.h5"), alexnet.getBlock());
            ModelDirectory.save(dir, alexnet.getBlock(), config, List.of("a", "b", "c", "d", "e"));
        }
        try (ModelDirectory loaded = ModelDirectory.load(dir);
                NDManager manager = NDManager.newBaseManager()) {
            NDList golden = Fixtures.npz(manager, "keras_seed_golden.npz");
            NDArray nchw = Fixtures.pixels(golden.get("images_nhwc")).transpose(0, 3, 1, 2);
            NDArray out = loaded.getBlock()
                    .forward(new ai.djl.training.ParameterStore(manager, false),
                            new NDList(nchw.toDevice(loaded.getModel().getNDManager().getDevice(), false)), false)
                    .singletonOrThrow();
            Fixtures.assertClose(golden.get("probabilities"), out.toDevice(manager.getDevice(), false), 1e-4);
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenItIsOfTheSameFormat() throws Exception {
        Path notes = tmp.resolve("notes.npz");
        Files.writeString(notes, "my notes");
        Path folder = Files.createDirectory(tmp.resolve("folder.safetensors"));
        Files.writeString(folder.resolve("inside.txt"), "keep");
        try (AlexNet alexnet = KerasImportTest.build(KerasImportTest.fixtureNetwork().build())) {
            for (String name : List.of("a.safetensors", "a.npz", "empty.npz")) {
                Path file = tmp.resolve(name);
                if (name.startsWith("empty")) {
                    Files.createFile(file);
                } else {
                    WeightExport.write(alexnet.getBlock(), file); // once new, then over its own kind
                }
                WeightExport.write(alexnet.getBlock(), file);
                assertTrue(Files.size(file) > 0, name);
            }
            FileAlreadyExistsException e = assertThrows(
                    FileAlreadyExistsException.class, () -> WeightExport.write(alexnet.getBlock(), notes));
            assertEquals(notes + ": a file that is not an npz archive is already there; refusing to replace it",
                    e.getMessage());
            e = assertThrows(FileAlreadyExistsException.class, () -> WeightExport.write(alexnet.getBlock(), folder));
            assertEquals(folder + ": something other than a file is already there; refusing to replace it",
                    e.getMessage());
            Path safetensorsNamedNpz = tmp.resolve("b.npz");
            Files.copy(tmp.resolve("a.safetensors"), safetensorsNamedNpz);
            assertThrows(FileAlreadyExistsException.class,
                    () -> WeightExport.write(alexnet.getBlock(), safetensorsNamedNpz));
        }
        assertEquals("my notes", Files.readString(notes));
        assertEquals("keep", Files.readString(folder.resolve("inside.txt")));
    }
}
