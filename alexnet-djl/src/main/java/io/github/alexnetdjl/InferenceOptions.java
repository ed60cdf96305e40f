package io.github.alexnetdjl;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import java.util.List;

/**
 * How {@link AlexNet#load(java.nio.file.Path, InferenceOptions)} loads a model directory for inference: the
 * device, whether BatchNorm is folded into the convolutions, and the engine that runs the network.
 *
 * <pre>{@code
 * InferenceOptions options = InferenceOptions.builder()
 *         .optDevice(Device.cpu())                    // default: GPU 0 when there is one, else the CPU
 *         .optFoldBatchNorm(false)                    // default: folded (the same outputs within 1e-5)
 *         .optEngine(OnnxRuntimeInference.ENGINE)     // default: PyTorch
 *         .build();
 * }</pre>
 */
public final class InferenceOptions {

    /** The engines a loaded model runs on, by DJL's names. */
    public static final List<String> ENGINES = List.of(ModelFactory.ENGINE, OnnxRuntimeInference.ENGINE);

    private final Device device;
    private final boolean foldBatchNorm;
    private final String engine;

    private InferenceOptions(Builder builder) {
        device = builder.device;
        foldBatchNorm = builder.foldBatchNorm;
        engine = builder.engine;
    }

    /**
     * Returns a builder: the device chosen as {@link ModelFactory} does, BatchNorm folded, the PyTorch engine.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the device asked for.
     *
     * @return the device, or null to take GPU 0 when there is one and the CPU otherwise
     */
    public Device getDevice() {
        return device;
    }

    /**
     * Tells whether BatchNorm is folded into the convolutions before it.
     *
     * @return whether BatchNorm is folded
     */
    public boolean isFoldBatchNorm() {
        return foldBatchNorm;
    }

    /**
     * Returns the engine that runs the network, by DJL's name.
     *
     * @return one of {@link #ENGINES}
     */
    public String getEngine() {
        return engine;
    }

    /** Builds {@link InferenceOptions}. */
    public static final class Builder {

        private Device device;
        private boolean foldBatchNorm = true;
        private String engine = ModelFactory.ENGINE;

        private Builder() {}

        /**
         * Loads the parameters onto this device instead of choosing one.
         *
         * @param device the device, e.g. {@code Device.cpu()}
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Folds BatchNorm into the convolution before it, or keeps it separate; default folded. Folding saves a
         * pass over the largest activations and changes the outputs only by float rounding.
         *
         * @param foldBatchNorm whether to fold
         * @return this builder
         */
        public Builder optFoldBatchNorm(boolean foldBatchNorm) {
            this.foldBatchNorm = foldBatchNorm;
            return this;
        }

        /**
         * Runs the network on another engine: {@value ModelFactory#ENGINE} (default), or {@value
         * OnnxRuntimeInference#ENGINE}, which runs the network exported to ONNX, with the same outputs within
         * 1e-5, faster on the CPU at small batches (docs/benchmarks.md). ONNX Runtime is an optional dependency:
         * the application adds {@code ai.djl.onnxruntime:onnxruntime-engine} and {@code
         * com.microsoft.onnxruntime:onnxruntime}.
         *
         * @param engine DJL's name of the engine
         * @return this builder
         */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the engine is not one of {@link #ENGINES}
         * @throws EngineException if the engine is ONNX Runtime and it is not on the class path
         */
        public InferenceOptions build() {
            if (!ENGINES.contains(engine)) {
                throw new IllegalArgumentException("engine: expected one of " + ENGINES + ", got " + engine);
            }
            if (OnnxRuntimeInference.ENGINE.equals(engine)) {
                OnnxRuntimeInference.checkAvailable();
            }
            return new InferenceOptions(this);
        }
    }
}
