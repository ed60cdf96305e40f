package io.github.alexnetdjl.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a model directory for commands that only run inference (predict, evaluate). A model holding NaN or
 * infinite parameters is refused: it would give every image NaN probabilities. Such a model is never trained
 * again, so it runs as {@link InferenceOptimizer#optimize} rewrites it (docs/benchmarks.md: the same outputs
 * within 1e-5; BatchNorm folded into the convolutions, channels-last convolutions, weight-major dense layers);
 * predictors and {@code ModelEvaluation} then run that network, which {@code Model.getBlock()} returns.
 */
final class InferenceModel {

    /** The engine that runs the network. */
    enum Engine {
        /** libtorch, through DJL's PyTorch engine: the network as loaded and rewritten. */
        pytorch,
        /** ONNX Runtime, through DJL's engine for it: the rewritten network, exported in memory. */
        onnxruntime
    }

    /** The option's help, shared by the commands that take it. */
    static final String ENGINE_HELP = "pytorch (default) or onnxruntime: the network exported to ONNX and run in"
            + " ONNX Runtime, same outputs within 1e-5, faster on the CPU at small batches (docs/benchmarks.md).";

    private InferenceModel() {}

    /**
     * Returns the model that runs a loaded network on an engine.
     *
     * @param loaded the loaded, rewritten model
     * @param engine the engine
     * @return a model to close: for PyTorch the loaded model's own (DJL closes a model once, so closing both is
     *     harmless), else a new one
     * @throws IOException if the export cannot be written
     * @throws MalformedModelException if ONNX Runtime cannot load it
     */
    static Model runner(ModelDirectory loaded, Engine engine) throws IOException, MalformedModelException {
        return switch (engine) {
            case pytorch -> loaded.getModel();
            case onnxruntime -> OnnxRuntimeInference.load(loaded.getModel().getBlock(), loaded.getBlock().getOutput());
        };
    }

    /**
     * Loads a model directory.
     *
     * @param directory the model directory
     * @param cpu whether to stay on the CPU even when a GPU is present
     * @param noFold whether to keep BatchNorm separate
     * @return the loaded model, to be closed
     * @throws IOException if the directory cannot be read
     * @throws MalformedModelException if the parameters do not fit the configuration or are not all finite
     */
    static ModelDirectory load(Path directory, boolean cpu, boolean noFold)
            throws IOException, MalformedModelException {
        ModelDirectory loaded = cpu ? ModelDirectory.load(directory, Device.cpu()) : ModelDirectory.load(directory);
        try {
            // Before the rewrites, so that the refusal names a parameter of the saved network.
            loaded.checkFinite();
            Model model = loaded.getModel();
            NDManager manager = model.getNDManager();
            model.setBlock(noFold
                    ? InferenceOptimizer.weightMajorDense(InferenceOptimizer.channelsLast(loaded.getBlock(), manager),
                            manager)
                    : InferenceOptimizer.optimize(loaded.getBlock(), manager));
        } catch (MalformedModelException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }
}
