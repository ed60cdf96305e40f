package io.github.alexnetdjl.bench;

import ai.djl.Model;
import ai.djl.nn.Block;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.List;

/**
 * Where an inference batch's time goes in a network run as a benchmark runs it: the model created, the
 * {@link InferenceLevers} applied, then each leaf layer timed ({@link LayerProfile}).
 *
 * <pre>{@code
 * List<LayerProfile.Layer> layers = InferenceProfile.builder()
 *         .setNetwork("seed", AlexNetBlock.builder().build())
 *         .optBatchSize(32)
 *         .build()
 *         .measure();
 * }</pre>
 */
public final class InferenceProfile {

    private final String name;
    private final AlexNetBlock block;
    private final ModelFactory factory;
    private final InferenceLevers levers;
    private final int batchSize;
    private final int batches;

    private InferenceProfile(Builder builder) {
        name = builder.name;
        block = builder.block;
        factory = builder.factory;
        levers = builder.levers;
        batchSize = builder.batchSize;
        batches = builder.batches;
    }

    /**
     * Returns a builder: batch 32, 5 timed batches, every lever on, the factory's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the model, applies the levers and times every leaf layer; the calling thread's grad mode is
     * restored afterwards.
     *
     * @return the leaf layers in order
     */
    public List<LayerProfile.Layer> measure() {
        try (Model model = factory.newModel(name, block, block.getInputShape(1));
                LibTorch.GradMode mode = LibTorch.gradMode(levers.gradMode())) {
            Block net = levers.apply(block, model.getNDManager());
            return LayerProfile.measure(block.getSpec(), net, model.getNDManager(), batchSize, batches);
        }
    }

    /** Builds an {@link InferenceProfile}. */
    public static final class Builder {

        private String name;
        private AlexNetBlock block;
        private ModelFactory factory = ModelFactory.builder().build();
        private InferenceLevers levers = InferenceLevers.DEFAULTS;
        private int batchSize = 32;
        private int batches = 5;

        private Builder() {}

        /**
         * Sets the network to profile (required).
         *
         * @param name the model's name, e.g. "seed"
         * @param block a fresh, uninitialized block
         * @return this builder
         */
        public Builder setNetwork(String name, AlexNetBlock block) {
            this.name = name;
            this.block = block;
            return this;
        }

        /**
         * Sets where the model is created; default the best device.
         *
         * @param factory the model factory
         * @return this builder
         */
        public Builder optModelFactory(ModelFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * Sets the inference rewrites; default {@link InferenceLevers#DEFAULTS}.
         *
         * @param levers the rewrites and grad mode
         * @return this builder
         */
        public Builder optLevers(InferenceLevers levers) {
            this.levers = levers;
            return this;
        }

        /**
         * Sets the images per batch; default 32.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how many batches are timed after one warm-up batch; default 5.
         *
         * @param batches the timed batches
         * @return this builder
         */
        public Builder optBatches(int batches) {
            this.batches = batches;
            return this;
        }

        /**
         * Validates the settings and builds the profile.
         *
         * @return the profile
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public InferenceProfile build() {
            if (name == null || block == null) {
                throw new IllegalArgumentException("setNetwork(name, block) is required");
            }
            if (factory == null || levers == null) {
                throw new IllegalArgumentException("model factory and levers must not be null");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            if (batches < 1) {
                throw new IllegalArgumentException("need at least 1 batch to time, got " + batches);
            }
            return new InferenceProfile(this);
        }
    }
}
