package io.github.alexnetdjl.training;

import ai.djl.Device;
import io.github.alexnetdjl.data.BatchLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training recipe. The defaults are the paper's: SGD with momentum 0.9 and weight decay 5e-4, batch 128,
 * learning rate 0.01 divided by 10 when validation accuracy has not improved for {@code patience} epochs,
 * at most 3 times; 90 epochs. PCA colour noise is off unless {@link Builder#optPcaSigma(float)} sets the
 * paper's 0.1.
 *
 * <p>For fine-tuning ({@link ClassifierTrainer.Builder#optStartFrom}), stages can be frozen and given their own
 * learning rates:
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.paper().toBuilder()
 *         .optLearningRate(0.001f)
 *         .optFreeze("conv1..conv3")
 *         .optLearningRateMultiplier("fc8", 10f)
 *         .build();
 * }</pre>
 */
public final class TrainingOptions {

    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final float learningRateFactor;
    private final int patience;
    private final int maxReductions;
    private final float pcaSigma;
    private final long seed;
    private final Device device;
    private final int keepCheckpoints;
    private final int loaderThreads;
    private final LearningRateSchedule.Factory schedule;
    private final StageSettings stages;

    private TrainingOptions(Builder b, StageSettings stages) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        learningRateFactor = b.learningRateFactor;
        patience = b.patience;
        maxReductions = b.maxReductions;
        pcaSigma = b.pcaSigma;
        seed = b.seed;
        device = b.device;
        keepCheckpoints = b.keepCheckpoints;
        loaderThreads = b.loaderThreads;
        schedule = b.schedule;
        this.stages = stages;
    }

    /**
     * Returns a builder holding the paper's recipe.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the paper's recipe: SGD with momentum 0.9 and weight decay 5e-4, batch 128, learning rate 0.01
     * divided by 10 when validation accuracy has not improved for 2 epochs, at most 3 times; 90 epochs.
     *
     * @return the options
     */
    public static TrainingOptions paper() {
        return builder().build();
    }

    /**
     * Returns the demo's recipe: the paper's with batch 32, learning rate 0.02 and 12 epochs, which trains
     * the demo network ({@code ModelConfig.demoBuilder()}) on the synthetic shapes of {@link
     * io.github.alexnetdjl.data.SyntheticImages} far above chance in seconds on a CPU.
     *
     * @return the options
     */
    public static TrainingOptions demo() {
        return builder().optBatchSize(32).optLearningRate(0.02f).optEpochs(12).build();
    }

    /**
     * Returns a builder holding these options, to derive changed ones.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.learningRateFactor = learningRateFactor;
        b.patience = patience;
        b.maxReductions = maxReductions;
        b.pcaSigma = pcaSigma;
        b.seed = seed;
        b.device = device;
        b.keepCheckpoints = keepCheckpoints;
        b.loaderThreads = loaderThreads;
        b.schedule = schedule;
        b.freeze = new ArrayList<>(stages.frozen());
        b.multipliers = new LinkedHashMap<>(stages.multipliers());
        return b;
    }

    /**
     * Returns the number of epochs to train in all (a resumed run counts the epochs already done).
     *
     * @return the epochs
     */
    public int getEpochs() {
        return epochs;
    }

    /**
     * Returns the batch size.
     *
     * @return images per batch
     */
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Returns the starting learning rate.
     *
     * @return the rate
     */
    public float getLearningRate() {
        return learningRate;
    }

    /**
     * Returns the momentum.
     *
     * @return the momentum
     */
    public float getMomentum() {
        return momentum;
    }

    /**
     * Returns the weight decay.
     *
     * @return the weight decay
     */
    public float getWeightDecay() {
        return weightDecay;
    }

    /**
     * Returns a new learning-rate schedule for a run, starting at {@link #getLearningRate()}: the one {@link
     * Builder#optSchedule} set, or else the plateau rule ({@link PlateauSchedule}) with this recipe's factor,
     * patience and maximum number of reductions.
     *
     * @return a schedule with no epoch seen
     */
    public LearningRateSchedule newSchedule() {
        if (schedule != null) {
            return schedule.create(learningRate);
        }
        return new PlateauSchedule(learningRate, learningRateFactor, patience, maxReductions);
    }

    /**
     * Returns what the learning rate is multiplied by on a plateau.
     *
     * @return the factor
     */
    public float getLearningRateFactor() {
        return learningRateFactor;
    }

    /**
     * Returns how many epochs without a better validation accuracy make a plateau.
     *
     * @return the patience
     */
    public int getPatience() {
        return patience;
    }

    /**
     * Returns how many times the learning rate may be reduced.
     *
     * @return the maximum number of reductions
     */
    public int getMaxReductions() {
        return maxReductions;
    }

    /**
     * Returns the PCA colour noise's standard deviation, 0 for none.
     *
     * @return sigma
     */
    public float getPcaSigma() {
        return pcaSigma;
    }

    /**
     * Returns the seed of initialization, shuffling, augmentation and dropout.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Returns the device to train on, or null to choose the GPU when there is one.
     *
     * @return the device or null
     */
    public Device getDevice() {
        return device;
    }

    /**
     * Returns how many per-epoch checkpoints are kept.
     *
     * @return the count
     */
    public int getKeepCheckpoints() {
        return keepCheckpoints;
    }

    /**
     * Returns how many threads build batches.
     *
     * @return the count
     */
    public int getLoaderThreads() {
        return loaderThreads;
    }

    /**
     * Returns the stages whose parameters do not change ({@link Builder#optFreeze}).
     *
     * @return stage names in network order, e.g. {@code [conv1, conv2, conv3]}; empty when none is frozen
     */
    public List<String> getFrozenStages() {
        return stages.frozen();
    }

    /**
     * Returns the stages that learn at a multiple of the learning rate ({@link
     * Builder#optLearningRateMultiplier}).
     *
     * @return the factors other than 1 by stage name, in network order
     */
    public Map<String, Float> getLearningRateMultipliers() {
        return stages.multipliers();
    }

    StageSettings getStageSettings() {
        return stages;
    }

    /** Builds {@link TrainingOptions}. */
    public static final class Builder {

        private int epochs = 90;
        private int batchSize = 128;
        private float learningRate = 0.01f;
        private float momentum = 0.9f;
        private float weightDecay = 5e-4f;
        private float learningRateFactor = 0.1f;
        private int patience = 2;
        private int maxReductions = 3;
        private float pcaSigma;
        private long seed = 42;
        private Device device;
        private int keepCheckpoints = 2;
        private int loaderThreads = BatchLoader.defaultThreads();
        private LearningRateSchedule.Factory schedule;
        private List<String> freeze = new ArrayList<>();
        private Map<String, Float> multipliers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the number of epochs; default 90.
         *
         * @param epochs the epochs
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size; default 128.
         *
         * @param batchSize images per batch
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the starting learning rate; default 0.01.
         *
         * @param learningRate the rate
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the momentum; default 0.9.
         *
         * @param momentum the momentum
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the weight decay; default 5e-4.
         *
         * @param weightDecay the weight decay
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the plateau rule; default factor 0.1, patience 2 epochs, at most 3 reductions.
         *
         * @param factor what the rate is multiplied by
         * @param patience epochs without improvement that make a plateau
         * @param maxReductions how many times the rate may be reduced
         * @return this builder
         */
        public Builder optPlateau(float factor, int patience, int maxReductions) {
            this.learningRateFactor = factor;
            this.patience = patience;
            this.maxReductions = maxReductions;
            return this;
        }

        /**
         * Sets another learning-rate schedule than the plateau rule, whose settings ({@link #optPlateau}) it
         * then ignores. A resumed run must use the schedule its checkpoints were written with.
         *
         * @param schedule makes each run's schedule from the starting learning rate
         * @return this builder
         */
        public Builder optSchedule(LearningRateSchedule.Factory schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets the PCA colour noise's standard deviation; default 0 (off), the paper's is 0.1.
         *
         * @param sigma the standard deviation
         * @return this builder
         */
        public Builder optPcaSigma(float sigma) {
            this.pcaSigma = sigma;
            return this;
        }

        /**
         * Sets the seed; default 42.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the device; default the GPU when there is one, else the CPU.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets how many per-epoch checkpoints are kept; default 2.
         *
         * @param keep the count, at least 1
         * @return this builder
         */
        public Builder optKeepCheckpoints(int keep) {
            this.keepCheckpoints = keep;
            return this;
        }

        /**
         * Sets how many threads decode and augment batches while the network trains; default one per core
         * ({@link BatchLoader.Builder#optThreads}).
         *
         * @param threads the count, at least 1
         * @return this builder
         */
        public Builder optLoaderThreads(int threads) {
            this.loaderThreads = threads;
            return this;
        }

        /**
         * Freezes stages: their parameters get no gradient and no update (no weight decay, no momentum), and
         * their BatchNorm normalizes with its running statistics, which stay as they are; dropout still drops.
         * Replaces the stages an earlier call froze; default none. fc8, the classifier, cannot be frozen.
         *
         * @param stages each a stage ({@code conv1} to {@code fc7}), a range of stages ({@code conv1..conv5},
         *     both ends included) or {@code features} (conv1 to conv5)
         * @return this builder
         */
        public Builder optFreeze(String... stages) {
            this.freeze = new ArrayList<>(List.of(stages));
            return this;
        }

        /**
         * Makes stages learn at a multiple of the learning rate, their weight decay scaled alike (Caffe's {@code
         * lr_mult}, MATLAB's {@code WeightLearnRateFactor}); 0 keeps their parameters as they are while
         * gradients still flow through them and their BatchNorm still updates its running statistics. Where
         * calls name the same stage, the last one counts; default 1 everywhere.
         *
         * @param stages a stage ({@code fc8}), a range of stages ({@code conv1..conv5}) or {@code features}
         * @param factor the multiplier, finite and at least 0
         * @return this builder
         */
        public Builder optLearningRateMultiplier(String stages, float factor) {
            multipliers.remove(stages);
            multipliers.put(stages, factor);
            return this;
        }

        /**
         * Validates and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the option that is out of range, or the stage that is unknown,
         *     frozen and multiplied, or fc8 frozen
         */
        public TrainingOptions build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
            if (!(pcaSigma >= 0)) {
                throw new IllegalArgumentException("PCA sigma must be >= 0, got " + pcaSigma);
            }
            if (keepCheckpoints < 1) {
                throw new IllegalArgumentException("keep at least 1 checkpoint, got " + keepCheckpoints);
            }
            if (loaderThreads < 1) {
                throw new IllegalArgumentException("expected at least 1 loader thread, got " + loaderThreads);
            }
            MomentumSgd.builder().optMomentum(momentum).build();
            TrainingOptions options = new TrainingOptions(this, StageSettings.of(freeze, multipliers));
            options.newSchedule();
            return options;
        }
    }
}
