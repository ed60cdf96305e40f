package io.github.alexnetdjl.cli;

import ai.djl.Device;
import io.github.alexnetdjl.InferenceOptions;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;

/** The values of {@code --engine}, by DJL's engine names, and the inference options of the commands that take it. */
enum InferenceEngine {
    /** libtorch, through DJL's PyTorch engine. */
    pytorch(ModelFactory.ENGINE),
    /** ONNX Runtime, through DJL's engine for it: the rewritten network, exported in memory. */
    onnxruntime(OnnxRuntimeInference.ENGINE);

    /** The option's help, shared by the commands that take it. */
    static final String HELP = "pytorch (default) or onnxruntime: the network exported to ONNX and run in"
            + " ONNX Runtime, same outputs within 1e-5, faster on the CPU at small batches (docs/benchmarks.md).";

    private final String djlName;

    InferenceEngine(String djlName) {
        this.djlName = djlName;
    }

    /**
     * Returns the library's options for {@code --cpu}, {@code --no-fold} and this engine.
     *
     * @param cpu whether to stay on the CPU even when a GPU is present
     * @param noFold whether to keep BatchNorm separate
     * @return the options
     */
    InferenceOptions options(boolean cpu, boolean noFold) {
        return InferenceOptions.builder().optDevice(cpu ? Device.cpu() : null).optFoldBatchNorm(!noFold)
                .optEngine(djlName).build();
    }
}
