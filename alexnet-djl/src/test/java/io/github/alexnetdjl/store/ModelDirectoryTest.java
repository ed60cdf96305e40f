package io.github.alexnetdjl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model directory loads back into the same network with the same outputs. */
class ModelDirectoryTest {

    @TempDir Path temp;

    static ModelConfig tinyConfig() {
        return ModelConfig.builder()
                .optInputShape(3, 64, 64)
                .optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16)
                .build();
    }

    private static float[] forward(AlexNetBlock block, NDArray input) {
        ParameterStore store = new ParameterStore(input.getManager(), false);
        return block.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void savedDirectoryLoadsWithSameOutputsConfigAndClasses() throws Exception {
        ModelConfig config = tinyConfig();
        AlexNetBlock block = config.newBlock();
        Path dir = temp.resolve("model");
        float[] expected;
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(3).build()
                        .newModel("alexnet", block, block.getInputShape(2));
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray input = manager.randomUniform(0f, 1f, block.getInputShape(2));
            expected = forward(block, input);
            ModelDirectory.save(dir, block, config, List.of("cat", "dog", "fox"));
            try (ModelDirectory loaded = ModelDirectory.load(dir, Device.cpu())) {
                assertArrayEquals(expected, forward(loaded.getBlock(), input), 0f);
                assertEquals(List.of("cat", "dog", "fox"), loaded.getClasses());
                assertEquals(config.toJson(), loaded.getConfig().toJson());
                // A loaded model saves again (DJL needs its input names for that) with the same outputs.
                ModelDirectory.save(temp.resolve("again"), loaded.getBlock(), loaded.getConfig(), loaded.getClasses());
                try (ModelDirectory again = ModelDirectory.load(temp.resolve("again"), Device.cpu())) {
                    assertArrayEquals(expected, forward(again.getBlock(), input), 0f);
                }
                AtomicFiles.deleteRecursively(temp.resolve("again"));
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("alexnet-0000.params")));
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
        assertEquals(List.of("cat", "dog", "fox"), Files.readAllLines(dir.resolve("classes.txt")));
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of(dir), files.toList(), "no temporary directory left behind");
        }
    }

    @Test
    void replacingKeepsOnlyTheNewDirectory() throws Exception {
        ModelConfig config = tinyConfig();
        AlexNetBlock block = config.newBlock();
        Path dir = temp.resolve("model");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            ModelDirectory.save(dir, block, config, List.of("a", "b", "c"));
            ModelDirectory.save(dir, block, config, List.of("x", "y", "z"), d -> Files.writeString(d.resolve("extra"), "1"));
        }
        assertEquals(List.of("x", "y", "z"), ModelDirectory.readClasses(dir));
        assertTrue(Files.exists(dir.resolve("extra")));
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void mismatchesAreClearErrors() throws Exception {
        ModelConfig config = tinyConfig();
        AlexNetBlock block = config.newBlock();
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelDirectory.save(temp.resolve("m"), block, config, List.of("a", "b")));
            assertTrue(e.getMessage().contains("2 names"), e.getMessage());
        }
        assertFalse(Files.exists(temp.resolve("m")));
        IOException missing = assertThrows(IOException.class, () -> ModelDirectory.load(temp, Device.cpu()));
        assertTrue(missing.getMessage().contains("config.json"), missing.getMessage());
        IllegalArgumentException variant = assertThrows(IllegalArgumentException.class,
                () -> ModelConfig.fromJson("{\"variant\": \"vgg\", \"inputShape\": [3, 224, 224], \"numClasses\": 2}"));
        assertTrue(variant.getMessage().contains("variant"), variant.getMessage());
    }

    /** A tiny saved model; {@code edit} may change the block's parameters before it is saved. */
    private Path savedTinyModel(String name, java.util.function.Consumer<AlexNetBlock> edit) throws IOException {
        ModelConfig config = tinyConfig();
        AlexNetBlock block = config.newBlock();
        Path dir = temp.resolve(name);
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(5).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            edit.accept(block);
            ModelDirectory.save(dir, block, config, List.of("a", "b", "c"));
        }
        return dir;
    }

    private static MalformedModelException refusal(Path dir) {
        return assertThrows(MalformedModelException.class, () -> ModelDirectory.load(dir, Device.cpu()).close());
    }

    @Test
    void truncatedParameterFileIsRefusedNamingIt() throws Exception {
        Path dir = savedTinyModel("model", block -> {});
        Path parameters = dir.resolve(ModelDirectory.PARAMETERS_FILE);
        byte[] whole = Files.readAllBytes(parameters);
        for (int length : new int[] {0, 3, 40, whole.length / 2, whole.length - 1}) {
            Files.write(parameters, Arrays.copyOf(whole, length));
            MalformedModelException e = refusal(dir);
            assertEquals(parameters + ": truncated, the parameters end early (expected all the parameters of the"
                    + " network config.json describes)", e.getMessage(), length + " bytes");
        }
    }

    @Test
    void damagedParameterFileIsRefusedNamingIt() throws Exception {
        Path dir = savedTinyModel("model", block -> {});
        Path parameters = dir.resolve(ModelDirectory.PARAMETERS_FILE);
        byte[] whole = Files.readAllBytes(parameters);
        // 0xff bytes read as a negative length or an unknown marker, wherever DJL's reader meets them first.
        for (int from : new int[] {4, 60, 200, whole.length / 2}) {
            byte[] damaged = whole.clone();
            Arrays.fill(damaged, from, Math.min(whole.length, from + 64), (byte) 0xff);
            Files.write(parameters, damaged);
            MalformedModelException e = refusal(dir);
            assertTrue(e.getMessage().startsWith(parameters + ": damaged, or not the parameters of the network"
                    + " config.json describes"), "from byte " + from + ": " + e.getMessage());
        }
        Files.writeString(parameters, "not parameters at all");
        assertEquals(parameters + ": not a DJL parameter file (it does not start with DJL@)", refusal(dir).getMessage());
        Files.delete(parameters);
        IOException missing = assertThrows(IOException.class, () -> ModelDirectory.load(dir, Device.cpu()));
        assertEquals("not a model directory: " + dir + " has no alexnet-0000.params", missing.getMessage());
    }

    @Test
    void parametersOfAnotherShapeThanTheConfigAreRefused() throws Exception {
        Path dir = savedTinyModel("model", block -> {});
        Files.writeString(dir.resolve(ModelDirectory.CONFIG_FILE),
                tinyConfig().toBuilder().optFilters(4, 8, 8, 8, 16).build().toJson());
        assertEquals(dir.resolve(ModelDirectory.PARAMETERS_FILE) + ": parameter conv5.conv.weight has shape"
                + " (8, 8, 3, 3), the network config.json describes needs (16, 8, 3, 3)", refusal(dir).getMessage());
    }

    private static void setFirst(AlexNetBlock block, String name, float value) {
        NDArray array = block.getParameters().get(name).getArray();
        array.set(new NDIndex(0), value);
    }

    @Test
    void nonFiniteParametersAreRefusedNamingTheFirst() throws Exception {
        Path dir = savedTinyModel("diverged", block -> {
            setFirst(block, "conv3.conv.weight", Float.NaN);
            setFirst(block, "fc7.dense.bias", Float.POSITIVE_INFINITY);
        });
        try (ModelDirectory loaded = ModelDirectory.load(dir, Device.cpu())) {
            MalformedModelException e = assertThrows(MalformedModelException.class, loaded::checkFinite);
            long size = loaded.getBlock().getParameters().get("conv3.conv.weight").getArray().size();
            assertEquals(dir.resolve(ModelDirectory.PARAMETERS_FILE) + ": parameter conv3.conv.weight holds "
                    + 8 * 3 * 3 + " NaN and 0 infinite value(s) of " + size
                    + ", expected finite numbers (did training diverge?)", e.getMessage());
        }
        // Two of the largest floats: their sum overflows, yet every value is finite.
        Path finite = savedTinyModel("finite", block -> block.getParameters().get("fc7.dense.bias").getArray()
                .set(new NDIndex("0:2"), Float.MAX_VALUE));
        try (ModelDirectory loaded = ModelDirectory.load(finite, Device.cpu())) {
            loaded.checkFinite();
        }
    }

    @Test
    void configDefaultsFollowThePaper() {
        ModelConfig config = ModelConfig.fromJson("{\"variant\": \"seed\", \"inputShape\": [3, 224, 224], \"numClasses\": 1000}");
        assertEquals(256, config.getResize());
        assertArrayEquals(ModelConfig.IMAGENET_MEAN, config.getMean());
        assertEquals(73, ModelConfig.builder().optInputShape(3, 64, 64).build().getResize());
    }

    @Test
    void onlyAModelDirectoryIsEverReplaced() throws Exception {
        ModelConfig config = tinyConfig();
        AlexNetBlock block = config.newBlock();
        Path notes = Files.createDirectory(temp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "keep me");
        Path file = Files.writeString(temp.resolve("file"), "keep me too");
        Path model = temp.resolve("model");
        try (Model m = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            for (ModelDirectory.Overwrite policy : ModelDirectory.Overwrite.values()) {
                FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                        () -> ModelDirectory.save(notes, block, config, List.of("a", "b", "c"), policy));
                assertEquals(notes + ": a directory that is not a model directory (config.json, classes.txt,"
                        + " alexnet-0000.params) is already there; refusing to replace it", e.getMessage());
                e = assertThrows(FileAlreadyExistsException.class,
                        () -> ModelDirectory.save(file, block, config, List.of("a", "b", "c"), policy));
                assertTrue(e.getMessage().startsWith(file + ": a file that is not a model directory"), e.getMessage());
            }
            // the plain save, which training uses for best/ and checkpoints, refuses them too
            assertThrows(FileAlreadyExistsException.class,
                    () -> ModelDirectory.save(notes, block, config, List.of("a", "b", "c")));

            ModelDirectory.save(model, block, config, List.of("a", "b", "c"), ModelDirectory.Overwrite.NEVER);
            assertTrue(ModelDirectory.isModelDirectory(model));
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> ModelDirectory.save(model, block, config, List.of("x", "y", "z"), ModelDirectory.Overwrite.NEVER));
            assertEquals(model + ": a model directory is already there; it is replaced only when asked", e.getMessage());
            ModelDirectory.save(model, block, config, List.of("x", "y", "z"), ModelDirectory.Overwrite.MODEL_DIRECTORY);
        }
        assertEquals(List.of("x", "y", "z"), ModelDirectory.readClasses(model));
        assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
        assertEquals("keep me too", Files.readString(file));
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(3, files.count(), "no temporary directory left behind");
        }
    }

    @Test
    void aModelDirectoryHasAllThreeFiles() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("partial"));
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.writeString(dir.resolve("classes.txt"), "a\n");
        assertFalse(ModelDirectory.isModelDirectory(dir));
        Files.write(dir.resolve("alexnet-0000.params"), new byte[0]);
        assertTrue(ModelDirectory.isModelDirectory(dir));
        assertFalse(ModelDirectory.isModelDirectory(dir.resolve("config.json")));
        assertFalse(ModelDirectory.isModelDirectory(temp.resolve("absent")));
    }
}
