package io.github.alexnetdjl.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.cuda.CudaUtils;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates initialized DJL models on the PyTorch engine: on the single CUDA GPU (gpu 0) when one is visible,
 * otherwise on the CPU. The first model whose device was chosen, not asked for, says which and why in one
 * INFO line (a WARN where GPUs are present that the engine cannot use); every other model at DEBUG, since a
 * machine without a GPU is normal and the choice is the same for the whole process.
 *
 * <p>On a GPU it also switches on cuDNN's autotuner ({@code torch.backends.cudnn.benchmark}) unless told not
 * to: AlexNet's input shapes are fixed, so the autotuner's first-batch search pays off on every later batch.
 * A {@code -Dai.djl.pytorch.cudnn_benchmark=true|false} given by the user wins over the builder.
 *
 * <pre>{@code
 * ModelFactory factory = ModelFactory.builder().optSeed(42).build();
 * AlexNetBlock block = AlexNetBlock.builder().build();
 * try (Model model = factory.newModel("alexnet", block, block.getInputShape(1))) {
 *     // ...
 * }
 * }</pre>
 */
public final class ModelFactory {

    /** The engine every model runs on. */
    public static final String ENGINE = "PyTorch";

    /** DJL 0.25's system property for cuDNN's autotuner, read by DJL only when the engine loads. */
    public static final String CUDNN_BENCHMARK_PROPERTY = "ai.djl.pytorch.cudnn_benchmark";

    private static final Logger logger = LoggerFactory.getLogger(ModelFactory.class);

    /** Whether this process has said which device it chose: once is enough, the machine does not change. */
    private static final AtomicBoolean CHOICE_ANNOUNCED = new AtomicBoolean();

    private final Device device;
    private final boolean requireGpu;
    private final Long seed;
    private final Initializer initializer;
    private final DataType dataType;
    private final Boolean cudnnBenchmark;

    private ModelFactory(Builder builder) {
        device = builder.device;
        requireGpu = builder.requireGpu;
        seed = builder.seed;
        initializer = builder.initializer;
        dataType = builder.dataType;
        cudnnBenchmark = builder.cudnnBenchmark;
    }

    /**
     * Returns a builder: automatic device choice, no fixed seed, each block's own initializer, float32.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Chooses the device this factory puts models on, from the GPUs this machine and engine have.
     *
     * @return the device and the reason
     * @throws IllegalStateException if a GPU is required and none can be used
     */
    public DeviceChoice chooseDevice() {
        if (device != null && !device.isGpu()) {
            // The CPU was asked for: no GPU to look for, so no probing of CUDA and none of its log lines.
            return DeviceChoice.choose(device, requireGpu, 0, 0);
        }
        int engineGpus = device != null && !device.isGpu() ? 0 : Engine.getEngine(ENGINE).getGpuCount();
        int systemGpus = engineGpus > 0 ? engineGpus : CudaUtils.getGpuCount();
        return DeviceChoice.choose(device, requireGpu, systemGpus, engineGpus);
    }

    /**
     * Creates a model holding the block, with the block's parameters initialized for the input shape.
     *
     * @param name the model's name
     * @param block the network; it becomes the model's block
     * @param inputShape the shape of an input batch, e.g. (1, 3, 224, 224)
     * @return the model, to be closed by the caller
     */
    public Model newModel(String name, Block block, Shape inputShape) {
        DeviceChoice choice = chooseDevice();
        if (device != null || !CHOICE_ANNOUNCED.compareAndSet(false, true)) {
            logger.debug("Model '{}' on {}: {}", name, choice.device(), choice.reason());
        } else if (choice.gpusUnused()) {
            logger.warn("Model '{}' on {}: {}", name, choice.device(), choice.reason());
        } else {
            logger.info("Model '{}' on {}: {}", name, choice.device(), choice.reason());
        }
        Model model = Model.newInstance(name, choice.device(), ENGINE);
        try {
            applyCudnnBenchmark(choice.device());
            if (seed != null) {
                Engine.getEngine(ENGINE).setRandomSeed(seed.intValue());
            }
            if (initializer != null) {
                block.setInitializer(initializer, Parameter.Type.WEIGHT);
            }
            model.setBlock(block);
            block.initialize(model.getNDManager(), dataType, inputShape);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Sets cuDNN's autotuner for a model about to run on a device, as this factory decides
     * ({@link Builder#optCudnnBenchmark}); on the CPU it does nothing. The flag is global to the process, so
     * code that creates models without this factory (loading a model directory) calls this too.
     *
     * @param device the device the model runs on
     * @return whether the autotuner is on for this device
     */
    public boolean applyCudnnBenchmark(Device device) {
        boolean on = cudnnBenchmark(device, cudnnBenchmark, System.getProperty(CUDNN_BENCHMARK_PROPERTY));
        if (device.isGpu()) {
            LibTorch.setCudnnBenchmark(on);
            if (on) {
                logger.info("cuDNN autotuner (cudnn.benchmark) on for {}: input shapes are fixed", device);
            }
        }
        return on;
    }

    /**
     * Decides whether cuDNN's autotuner is on: never off a GPU; else the user's system property when set
     * (so {@code -Dai.djl.pytorch.cudnn_benchmark=false} wins), else the builder's choice, else on.
     *
     * @param device the model's device
     * @param requested the builder's choice, or null when it made none
     * @param property the system property's value, or null when it is not set
     * @return whether to switch the autotuner on
     */
    static boolean cudnnBenchmark(Device device, Boolean requested, String property) {
        if (!device.isGpu()) {
            return false;
        }
        if (property != null && !property.isBlank()) {
            return Boolean.parseBoolean(property.trim());
        }
        return requested == null || requested;
    }

    /** Builds a {@link ModelFactory}. */
    public static final class Builder {

        private Device device;
        private boolean requireGpu;
        private Long seed;
        private Initializer initializer;
        private DataType dataType = DataType.FLOAT32;
        private Boolean cudnnBenchmark;

        private Builder() {}

        /**
         * Switches cuDNN's autotuner on or off for models on a GPU; default on there (AlexNet's input shapes
         * are fixed, so the search on the first batch pays off). Ignored on the CPU, and overridden by a
         * {@value ModelFactory#CUDNN_BENCHMARK_PROPERTY} system property the user sets.
         *
         * @param cudnnBenchmark whether cuDNN may benchmark its convolution algorithms
         * @return this builder
         */
        public Builder optCudnnBenchmark(boolean cudnnBenchmark) {
            this.cudnnBenchmark = cudnnBenchmark;
            return this;
        }

        /**
         * Puts models on this device instead of choosing one.
         *
         * @param device the device, e.g. {@code Device.cpu()} or {@code Device.gpu(0)}
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Makes the absence of a usable GPU an error instead of a fallback to the CPU.
         *
         * @param requireGpu whether a GPU is required
         * @return this builder
         */
        public Builder optRequireGpu(boolean requireGpu) {
            this.requireGpu = requireGpu;
            return this;
        }

        /**
         * Seeds the engine's random generator before initialization, so the same seed gives the same
         * parameters (on the same device).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Initializes weight parameters with this instead of the block's own initializer (the notebook's
         * network comes with Keras's glorot_uniform).
         *
         * @param initializer the initializer for weights
         * @return this builder
         */
        public Builder optInitializer(Initializer initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * Sets the parameters' data type; default float32.
         *
         * @param dataType the data type
         * @return this builder
         */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * Builds the factory.
         *
         * @return the factory
         */
        public ModelFactory build() {
            if (dataType == null) {
                throw new IllegalArgumentException("dataType must not be null");
            }
            return new ModelFactory(this);
        }
    }
}
