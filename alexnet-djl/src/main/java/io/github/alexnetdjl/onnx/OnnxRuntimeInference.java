package io.github.alexnetdjl.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.onnxruntime.OrtEnvironment;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Inference on ONNX Runtime instead of libtorch: the network is exported ({@link OnnxExport}) and loaded into
 * DJL's ONNX Runtime engine, so that it runs behind the same {@link Model}, {@code Predictor} and translators
 * ({@code AlexNetTranslator}) with the same outputs. On the CPU ONNX Runtime is faster than libtorch at small
 * batches (docs/benchmarks.md: about 1.8× at batch 1 on the development machine). Needs {@code
 * ai.djl.onnxruntime:onnxruntime-engine} and ONNX Runtime on the class path; training stays on libtorch.
 *
 * <pre>{@code
 * try (Model onnx = OnnxRuntimeInference.load(model.getBlock(), AlexNetBlock.Output.SOFTMAX);
 *         Predictor<Image, Classifications> predictor = onnx.newPredictor(AlexNetTranslator.of(config, classes))) {
 *     Classifications top = predictor.predict(image);
 * }
 * }</pre>
 */
public final class OnnxRuntimeInference {

    /** DJL's name of the ONNX Runtime engine. */
    public static final String ENGINE = "OnnxRuntime";

    private OnnxRuntimeInference() {}

    /**
     * Returns the process's ONNX Runtime environment, created by DJL's ONNX Runtime engine. ONNX Runtime
     * allows one environment per process, and DJL's engine refuses to start once another created it: code
     * that also calls ONNX Runtime directly gets it here.
     *
     * @return the environment
     */
    public static OrtEnvironment environment() {
        Engine.getEngine(ENGINE);
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Exports an initialized network and loads it into ONNX Runtime with as many intra-op threads as libtorch
     * uses, all graph optimizations and sequential execution (DJL's defaults for ONNX Runtime run about half
     * as fast here).
     *
     * @param network an initialized network (see {@link OnnxExport.Builder#setBlock})
     * @param output the head: softmax probabilities or logits
     * @return a model on the ONNX Runtime engine, to be closed by the caller
     * @throws IOException if the temporary ONNX file cannot be written
     * @throws MalformedModelException if ONNX Runtime cannot load it
     * @throws IllegalArgumentException naming the layer, when the network holds a block ONNX export does not
     *     know
     */
    public static Model load(Block network, AlexNetBlock.Output output) throws IOException, MalformedModelException {
        Path directory = Files.createTempDirectory("alexnet-onnx-");
        try {
            Path file = directory.resolve("alexnet.onnx");
            OnnxExport.builder().setBlock(network).optOutput(output).build().write(file);
            Model model = Model.newInstance("alexnet", ENGINE);
            try {
                // ONNX Runtime reads the whole file here: the temporary copy can go afterwards
                model.load(directory, "alexnet", Map.of(
                        "intraOpNumThreads", Integer.toString(LibTorch.intraOpThreads()),
                        "interOpNumThreads", "1",
                        "executionMode", "SEQUENTIAL",
                        "optLevel", "ALL_OPT"));
                return model;
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw e;
            }
        } finally {
            AtomicFiles.deleteRecursively(directory);
        }
    }
}
