package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./alexnet export} writes an ONNX file that ONNX Runtime runs with the model directory's outputs. */
class ExportCommandTest {

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static final ModelConfig TINY = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
            .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();

    @Test
    void aModelDirectoryExportsWithItsOutputsAndMetadata() throws Exception {
        ModelConfig config = TINY;
        AlexNetBlock block = config.newBlock();
        Path dir = tmp.resolve("model");
        Shape shape = block.getInputShape(2);
        float[] input = new float[(int) shape.size()];
        Random random = new Random(4);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        float[] probabilities;
        float[] logits;
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(2).build()
                        .newModel("alexnet", block, block.getInputShape(1));
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            RandomBatchNorms.randomize(block, random);
            ModelDirectory.save(dir, block, config, List.of("cat", "dog", "fox"));
            NDArray x = manager.create(input, shape);
            ParameterStore store = new ParameterStore(manager, false);
            probabilities = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            logits = block.logits().forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        }

        Path file = tmp.resolve("alexnet.onnx");
        assertEquals(0, run("export", "--format", "onnx", "--model", dir.toString(), "--out", file.toString()),
                err.toString());
        assertEquals("Wrote " + file + " (ONNX opset 13, output probabilities)", out.toString().trim());
        Path logitsFile = tmp.resolve("logits.onnx");
        assertEquals(0, run("export", "--format", "onnx", "--model", dir.toString(), "--out", logitsFile.toString(),
                "--logits", "--no-fold"), err.toString());

        OrtEnvironment env = OnnxRuntimeInference.environment();
        try (OrtSession session = env.createSession(file.toString());
                OrtSession logitsSession = env.createSession(logitsFile.toString());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape())) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertEquals("seed", metadata.get("variant"));
            assertEquals("[\"cat\",\"dog\",\"fox\"]", metadata.get("classes"));
            assertEquals("73", metadata.get("resize"));
            assertEquals("[0.485,0.456,0.406]", metadata.get("mean"));
            assertEquals("[0.229,0.224,0.225]", metadata.get("std"));
            assertClose(probabilities, session, x, "probabilities");
            assertClose(logits, logitsSession, x, "logits");
        }
    }

    private static void assertClose(float[] expected, OrtSession session, OnnxTensor x, String output)
            throws Exception {
        try (OrtSession.Result result = session.run(Map.of("input", x))) {
            float[] actual = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer().array();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, output + "[" + i + "]");
            }
        }
    }

    @Test
    void aModelWithNonFiniteParametersIsRefusedAndNoFileWritten() throws Exception {
        AlexNetBlock block = TINY.newBlock();
        Path dir = tmp.resolve("diverged");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            block.getParameters().get("fc6.dense.weight").getArray().set(new NDIndex(3), Float.NaN);
            ModelDirectory.save(dir, block, TINY, List.of("cat", "dog", "fox"));
        }
        Path file = tmp.resolve("diverged.onnx");
        assertEquals(1, run("export", "--format", "onnx", "--model", dir.toString(), "--out", file.toString()));
        String message = err.toString().trim();
        assertTrue(message.startsWith("alexnet export: " + dir.resolve(ModelDirectory.PARAMETERS_FILE)
                + ": parameter fc6.dense.weight holds"), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingDirectoryIsOneLineAndNoFile() {
        Path file = tmp.resolve("none.onnx");
        assertEquals(1, run("export", "--format", "onnx", "--model", tmp.resolve("absent").toString(),
                "--out", file.toString()));
        String message = err.toString().trim();
        assertTrue(message.startsWith("alexnet export: ") && message.contains("absent"), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(Files.exists(file));
        assertEquals(2, run("export", "--format", "tflite", "--model", "m", "--out", "x"));
    }

    @Test
    void torchvisionParametersExportUnderTorchvisionKeys() throws Exception {
        ModelConfig config = ModelConfig.builder().optVariant("torchvision")
                .optInputShape(3, 127, 159).optNumClasses(3).optFilters(4, 8, 8, 8, 6).optDenseUnits(16, 16).build();
        AlexNetBlock block = config.newBlock();
        Path dir = tmp.resolve("torchvision");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(2).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            ModelDirectory.save(dir, block, config, List.of("cat", "dog", "fox"));
        }
        Path file = tmp.resolve("w.safetensors");
        assertEquals(0, run("export", "--format", "safetensors", "--torchvision-keys", "--model", dir.toString(),
                "--out", file.toString()), err.toString());
        assertEquals("Wrote " + file + " (safetensors, parameters named by torchvision's keys)", out.toString().strip());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                java.io.InputStream in = Files.newInputStream(file)) {
            NDList tensors = NDList.decode(manager, in);
            assertEquals(16, tensors.size());
            assertEquals(block.getParameters().get("conv1.conv.weight").getArray().getShape(),
                    tensors.get("features.0.weight").getShape());
        }
        Path npz = tmp.resolve("w.npy");
        assertEquals(1, run("export", "--format", "npz", "--model", dir.toString(), "--out", npz.toString()));
        assertTrue(err.toString().contains("alexnet export: --out " + npz + ": expected a .npz file for --format npz"),
                err.toString());
    }
}
