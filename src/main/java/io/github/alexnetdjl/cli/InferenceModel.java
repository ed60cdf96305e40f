package io.github.alexnetdjl.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.inference.InferenceOptimizer;
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

    private InferenceModel() {}

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
