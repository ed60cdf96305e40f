package io.github.alexnetdjl.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import ai.onnxruntime.OrtEnvironment;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
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

    /** A class of ONNX Runtime's own jar, which DJL's engine for it needs but does not bring. */
    private static final String ONNX_RUNTIME_CLASS = "ai.onnxruntime.OrtEnvironment";

    private OnnxRuntimeInference() {}

    /**
     * Checks that ONNX Runtime can run here. It is an optional dependency of this library: an application that
     * asks for it adds DJL's engine for it and ONNX Runtime itself.
     *
     * @throws EngineException saying which artifacts to add, when either is missing from the class path
     */
    public static void checkAvailable() {
        boolean runtime;
        try {
            Class.forName(ONNX_RUNTIME_CLASS, false, OnnxRuntimeInference.class.getClassLoader());
            runtime = true;
        } catch (ClassNotFoundException e) {
            runtime = false;
        }
        if (!runtime || !Engine.hasEngine(ENGINE)) {
            throw new EngineException("the " + ENGINE + " engine needs ONNX Runtime on the class path, an optional"
                    + " dependency of alexnet-djl: add ai.djl.onnxruntime:onnxruntime-engine and"
                    + " com.microsoft.onnxruntime:onnxruntime, or run on the " + ModelFactory.ENGINE + " engine");
        }
    }

    /**
     * Returns the process's ONNX Runtime environment, created by DJL's ONNX Runtime engine. ONNX Runtime
     * allows one environment per process, and DJL's engine refuses to start once another created it: code
     * that also calls ONNX Runtime directly gets it here.
     *
     * @return the environment
     * @throws EngineException if ONNX Runtime is not on the class path ({@link #checkAvailable})
     */
    public static OrtEnvironment environment() {
        checkAvailable();
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
     * @throws EngineException if ONNX Runtime is not on the class path ({@link #checkAvailable})
     */
    public static Model load(Block network, AlexNetBlock.Output output) throws IOException, MalformedModelException {
        checkAvailable();
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
