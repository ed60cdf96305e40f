package io.github.alexnetdjl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.inference.Predictor;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.training.initializer.XavierInitializer;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported files run in ONNX Runtime with the outputs of the network itself (unfolded, in inference) on the
 * same inputs, within 1e-5, for every variant, folded and not (and with every inference rewrite), softmax head
 * and logits.
 */
class OnnxExportTest {

    private static final float TOLERANCE = 1e-5f;

    @TempDir Path temp;

    /** Tiny networks; the paper's at 99 px and torchvision's at 100 px give the LRN, groups and a 2-to-6 pool. */
    private static AlexNetBlock tiny(Variant variant, AlexNetBlock.Output output) {
        int side = variant == Variant.SEED ? 64 : variant == Variant.PAPER ? 99 : 100;
        return AlexNetBlock.builder().optVariant(variant).optInputShape(3, side, side).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).optOutput(output).build();
    }

    @Test
    void everyVariantFoldedOrNotMatchesTheNetworkInOnnxRuntime() throws Exception {
        for (Variant variant : Variant.values()) {
            for (AlexNetBlock.Output output : AlexNetBlock.Output.values()) {
                checkVariant(variant, output);
            }
        }
    }

    private void checkVariant(Variant variant, AlexNetBlock.Output output) throws Exception {
        AlexNetBlock block = tiny(variant, AlexNetBlock.Output.SOFTMAX);
        // Xavier weights: activations of order 1 in every variant (the paper's N(0, 0.01) leaves them tiny)
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(7)
                .optInitializer(new XavierInitializer()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            NDManager manager = model.getNDManager();
            RandomBatchNorms.randomize(block, new Random(11));
            Block reference = output == AlexNetBlock.Output.LOGITS ? block.logits() : block;
            NamedSequentialBlock folded = InferenceOptimizer.foldBatchNorm(block, manager);
            NamedSequentialBlock optimized = InferenceOptimizer.optimize(block, manager);
            for (int batch : new int[] {1, 3}) {
                float[] input = randomImages(block.getInputShape(batch), batch);
                float[] expected = djl(reference, manager, block.getInputShape(batch), input);
                for (Block exported : List.of(block, folded, optimized)) {
                    ModelProto onnx = OnnxExport.builder().setBlock(exported).optOutput(output).build().toModel();
                    String what = variant + " " + output + (exported == block ? "" : " folded") + " batch " + batch;
                    assertClose(expected, onnxRuntime(onnx, block.getInputShape(batch), input), what);
                }
            }
        }
    }

    @Test
    void djlsOnnxRuntimeEngineRunsTheNetworkWithItsOutputs() throws Exception {
        AlexNetBlock block = tiny(Variant.TORCHVISION, AlexNetBlock.Output.SOFTMAX);
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(3)
                .optInitializer(new XavierInitializer()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            Shape shape = block.getInputShape(2);
            float[] input = randomImages(shape, 8);
            float[] expected = djl(block.logits(), model.getNDManager(), shape, input);
            try (Model onnx = OnnxRuntimeInference.load(InferenceOptimizer.optimize(block, model.getNDManager()),
                            AlexNetBlock.Output.LOGITS);
                    Predictor<NDList, NDList> predictor = onnx.newPredictor(new NoopTranslator());
                    NDManager scope = model.getNDManager().newSubManager()) {
                assertEquals(OnnxRuntimeInference.ENGINE, onnx.getNDManager().getEngine().getEngineName());
                float[] actual = predictor.predict(new NDList(scope.create(input, shape))).singletonOrThrow()
                        .toFloatArray();
                assertClose(expected, actual, "ONNX Runtime engine");
            }
        }
    }

    @Test
    void bothLrnScalingsMatchOnnxRuntime() throws Exception {
        // alpha 0.5 on inputs of order 2: the normalization changes the outputs by tens of percent
        for (LocalResponseNormalization.Scaling scaling : LocalResponseNormalization.Scaling.values()) {
            NamedSequentialBlock net = new NamedSequentialBlock().add("lrn",
                    LocalResponseNormalization.builder().optAlpha(0.5f).optScaling(scaling).build());
            Shape shape = new Shape(2, 7, 3, 3);
            try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                    .newModel("lrn", net, shape)) {
                float[] input = randomImages(shape, 5);
                for (int i = 0; i < input.length; i++) {
                    input[i] *= 2;
                }
                ModelProto onnx = OnnxExport.builder().setBlock(net).optOutput(AlexNetBlock.Output.LOGITS).build()
                        .toModel();
                assertClose(djl(net, model.getNDManager(), shape, input), onnxRuntime(onnx, shape, input),
                        "LRN " + scaling);
            }
        }
    }

    @Test
    void theFileDeclaresOpset13ADynamicBatchAndTheParameterNames() throws Exception {
        AlexNetBlock block = tiny(Variant.PAPER, AlexNetBlock.Output.SOFTMAX);
        Path file = temp.resolve("out/paper.onnx");
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            OnnxExport.builder().setBlock(block).optMetadata("note", "tiny").build().write(file);
        }
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(7, onnx.getIrVersion());
        assertEquals(13, onnx.getOpsetImport(0).getVersion());
        assertEquals("", onnx.getOpsetImport(0).getDomain());
        assertEquals("tiny", onnx.getMetadataProps(0).getValue());
        assertEquals("input", onnx.getGraph().getInput(0).getName());
        assertEquals(List.of("N", "3", "99", "99"), dims(onnx.getGraph().getInput(0)));
        assertEquals("probabilities", onnx.getGraph().getOutput(0).getName());
        assertEquals(List.of("N", "3"), dims(onnx.getGraph().getOutput(0)));
        List<String> weights = onnx.getGraph().getInitializerList().stream().map(t -> t.getName()).toList();
        assertTrue(weights.containsAll(List.of("conv1.conv.weight", "conv2.conv.bias", "fc6.dense.weight")), weights.toString());
        NodeProto conv2 = onnx.getGraph().getNodeList().stream().filter(n -> n.getName().equals("conv2.conv"))
                .findFirst().orElseThrow();
        assertEquals(2, conv2.getAttributeList().stream().filter(a -> a.getName().equals("group")).findFirst()
                .orElseThrow().getI());
        assertEquals(List.of("Conv", "Relu", "LRN", "MaxPool"),
                onnx.getGraph().getNodeList().stream().limit(4).map(NodeProto::getOpType).toList());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void seedConv1PadsAsKerasDoes() {
        // 64 px, 11x11 stride 4: 16 outputs need 3 + 4 zeros (3 before, 4 after)
        AlexNetBlock block = tiny(Variant.SEED, AlexNetBlock.Output.SOFTMAX);
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            NodeProto conv1 = OnnxExport.builder().setBlock(block).build().toModel().getGraph().getNode(0);
            assertEquals(List.of(3L, 3L, 4L, 4L), conv1.getAttributeList().stream()
                    .filter(a -> a.getName().equals("pads")).findFirst().orElseThrow().getIntsList());
        }
    }

    @Test
    void anUnknownLayerIsNamed() {
        NamedSequentialBlock net = new NamedSequentialBlock().add("fc", Linear.builder().setUnits(2).build())
                .add("odd", new NamedSequentialBlock().add("norm", ai.djl.nn.norm.LayerNorm.builder().build()));
        try (Model model = ModelFactory.builder().optDevice(Device.cpu()).build()
                .newModel("odd", net, new Shape(1, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.builder().setBlock(net).build().toModel());
            assertTrue(e.getMessage().startsWith("cannot export odd.norm (ai.djl.nn.norm.LayerNorm) to ONNX"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.builder().setBlock(tiny(Variant.SEED, AlexNetBlock.Output.SOFTMAX)).build());
    }

    static float[] randomImages(Shape shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static float[] djl(Block block, NDManager manager, Shape shape, float[] input) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, shape);
            return block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    static float[] onnxRuntime(ModelProto onnx, Shape shape, float[] input) throws OrtException {
        OrtEnvironment env = OnnxRuntimeInference.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx.toByteArray(), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape());
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().array();
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max |djl - onnxruntime| = " + worst);
    }

    private static List<String> dims(ai.onnx.proto.OnnxMl.ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList();
    }
}
