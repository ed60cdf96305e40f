package io.github.alexnetdjl.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.store.ModelDirectory;

/**
 * The network a loaded model runs for inference, and one forward pass of it. {@link #install} is what {@code
 * AlexNet.load} and DJL's {@code Criteria} (through {@link AlexNetBlockFactory}) do to a loaded model
 * directory; {@link #forward} is what {@code AlexNet.predict} and {@link ModelEvaluation} do per batch.
 */
public final class InferenceNetwork {

    private InferenceNetwork() {}

    /**
     * Readies a loaded model directory for inference only: refuses NaN or infinite parameters (they would give
     * every image NaN probabilities), freezes the parameters, and sets the model's block to the network as
     * {@link InferenceOptimizer#optimize} rewrites it (docs/benchmarks.md: the same outputs within 1e-5), or,
     * without folding, with BatchNorm kept separate. The model's block then computes no gradients on any
     * thread; {@link ModelDirectory#getBlock()} stays the network as saved, sharing every parameter that is
     * not rewritten.
     *
     * @param loaded the loaded model directory
     * @param foldBatchNorm whether to fold BatchNorm into the convolutions before it
     * @throws MalformedModelException naming the parameter file and the first parameter that is not finite
     */
    public static void install(ModelDirectory loaded, boolean foldBatchNorm) throws MalformedModelException {
        // Before the rewrites, so that the refusal names a parameter of the saved network.
        loaded.checkFinite();
        // Rewritten weights computed from parameters that require gradients, with grad mode on, would be
        // autograd results: libtorch refuses to freeze those. Frozen first, they are plain arrays.
        try (LibTorch.GradMode off = LibTorch.gradMode(false)) {
            loaded.getBlock().freezeParameters(true);
            Model model = loaded.getModel();
            NDManager manager = model.getNDManager();
            Block network = foldBatchNorm
                    ? InferenceOptimizer.optimize(loaded.getBlock(), manager)
                    : InferenceOptimizer.weightMajorDense(
                            InferenceOptimizer.channelsLast(loaded.getBlock(), manager), manager);
            network.freezeParameters(true);
            model.setBlock(network);
        }
    }

    /**
     * Runs a network in inference mode on a batch, with libtorch's grad mode off on the calling thread and
     * then restored: DJL 0.25 switches it off only on the thread that loaded the engine, and on any other
     * thread the pass would record an autograd graph (docs/benchmarks.md).
     *
     * @param network the network: a PyTorch block, or another engine's (ONNX Runtime's) that takes PyTorch
     *     arrays
     * @param input the batch, on the network's device
     * @return the output, attached to the input's manager, also when another engine computed it
     */
    public static NDArray forward(Block network, NDArray input) {
        NDManager manager = input.getManager();
        try (LibTorch.GradMode off = LibTorch.gradMode(false)) {
            NDArray output = network.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            if (output.getManager().getEngine() == manager.getEngine()) {
                return output;
            }
            try (NDArray foreign = output) {
                return manager.create(foreign.toFloatArray(), foreign.getShape());
            }
        }
    }
}
