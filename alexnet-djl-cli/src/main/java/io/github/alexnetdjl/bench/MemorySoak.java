package io.github.alexnetdjl.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs many training steps, then many predictions, sampling the heap (after a full collection) and the
 * resident set (before it) every few steps, to show whether memory stays flat: the criterion is
 * within 5 % between the first and the second half of the run.
 *
 * <p>Every step gets fresh data, as in real use: training batches are copied in from Java arrays through
 * {@code BatchLoader.HostBatch.toNDList}, as the trainer's are; prediction inputs are copied in from a Java
 * array, as a translator's are. Training is forward on the logits, softmax cross-entropy, backward and SGD
 * through DJL's {@code Trainer}; prediction is inference with autograd off on the BatchNorm-folded network.
 *
 * <pre>{@code
 * SoakReport report = MemorySoak.builder().setNetwork("seed", () -> AlexNetBlock.builder().build())
 *         .optTraining(1000, 32).optPredictions(10_000, 1).build().run(System.out::println);
 * }</pre>
 */
public final class MemorySoak {

    private static final float LEARNING_RATE = 0.001f;
    private static final double FLAT = 0.05;

    private final String variant;
    private final Supplier<AlexNetBlock> network;
    private final ModelFactory factory;
    private final int trainingSteps;
    private final int trainingBatchSize;
    private final int predictions;
    private final int predictionBatchSize;
    private final int samples;
    private final int warmup;

    private MemorySoak(Builder builder) {
        variant = builder.variant;
        network = builder.network;
        factory = builder.factory;
        trainingSteps = builder.trainingSteps;
        trainingBatchSize = builder.trainingBatchSize;
        predictions = builder.predictions;
        predictionBatchSize = builder.predictionBatchSize;
        samples = builder.samples;
        warmup = builder.warmup;
    }

    /**
     * Returns a builder: 1,000 training steps at batch 32, 10,000 predictions at batch 1, 20 samples per
     * phase, 10 warm-up steps.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the training phase, then the prediction phase.
     *
     * @param progress receives a line after each sample
     * @return the report
     */
    public SoakReport run(Consumer<String> progress) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<SoakReport.Phase> phases = new ArrayList<>();
        AlexNetBlock probe = network.get();
        if (trainingSteps > 0) {
            phases.add(training(progress));
        }
        if (predictions > 0) {
            phases.add(prediction(progress));
        }
        return new SoakReport(variant, probe.getInputShape().toString(), load, phases);
    }

    private SoakReport.Phase training(Consumer<String> progress) {
        AlexNetBlock block = network.get();
        Block logits = block.logits();
        Shape shape = block.getInputShape(trainingBatchSize);
        long classes = logits.getOutputShapes(new Shape[] {shape})[0].get(1);
        try (Model model = factory.newModel(variant + "-soak", logits, shape)) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optDevices(new Device[] {model.getNDManager().getDevice()})
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shape);
                NDManager scope = trainer.getManager();
                // Batches come from host arrays through HostBatch.toNDList, as the trainer's do, so the soak
                // also watches the host-to-engine copy (it once held every batch in direct memory until a GC).
                Random random = new Random(0);
                float[] pixels = new float[(int) shape.size()];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextFloat();
                }
                float[] labels = new float[trainingBatchSize];
                return phase("training", trainingSteps, trainingBatchSize, progress, step -> {
                    for (int i = 0; i < 64; i++) {
                        pixels[random.nextInt(pixels.length)] = random.nextFloat(); // new content, same cost
                    }
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = random.nextInt((int) classes);
                    }
                    BatchLoader.HostBatch host =
                            new BatchLoader.HostBatch(pixels, labels, trainingBatchSize, 1, shape);
                    try (NDManager batch = scope.newSubManager()) {
                        NDList data = host.toNDList(batch);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predicted = trainer.forward(new NDList(data.get(0)));
                            collector.backward(trainer.getLoss().evaluate(new NDList(data.get(1)), predicted));
                        }
                        trainer.step();
                    }
                });
            }
        }
    }

    private SoakReport.Phase prediction(Consumer<String> progress) {
        AlexNetBlock block = network.get();
        Shape shape = block.getInputShape(predictionBatchSize);
        try (Model model = factory.newModel(variant + "-soak", block, block.getInputShape(1));
                LibTorch.GradMode off = LibTorch.gradMode(false)) {
            NDManager manager = model.getNDManager();
            Block net = InferenceOptimizer.foldBatchNorm(block, manager);
            ParameterStore parameters = new ParameterStore(manager, false);
            float[] pixels = new float[(int) shape.size()];
            Random random = new Random(0);
            return phase("prediction", predictions, predictionBatchSize, progress, step -> {
                for (int i = 0; i < 64; i++) {
                    pixels[random.nextInt(pixels.length)] = random.nextFloat(); // new content, same cost
                }
                try (NDManager batch = manager.newSubManager()) {
                    NDArray input = batch.create(FloatBuffer.wrap(pixels), shape);
                    net.forward(parameters, new NDList(input), false).singletonOrThrow().toFloatArray();
                }
            });
        }
    }

    private SoakReport.Phase phase(
            String workload, int steps, int batchSize, Consumer<String> progress, IntConsumer step) {
        for (int i = 0; i < warmup; i++) {
            step.accept(i);
        }
        int every = Math.max(1, steps / samples);
        List<SoakReport.Sample> taken = new ArrayList<>();
        long start = System.nanoTime();
        taken.add(sample(0));
        for (int i = 1; i <= steps; i++) {
            step.accept(i);
            if (i % every == 0 || i == steps) {
                SoakReport.Sample sample = sample(i);
                taken.add(sample);
                progress.accept(String.format(Locale.ROOT, "%-10s step %6d/%d  heap %7.1f MB  RSS %7.1f MB",
                        workload, i, steps, sample.heapAfterGcBytes() / 1e6, sample.residentBytes() / 1e6));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double heapDrift = drift(taken.stream().mapToLong(SoakReport.Sample::heapAfterGcBytes).toArray());
        double residentDrift = drift(taken.stream().mapToLong(SoakReport.Sample::residentBytes).toArray());
        boolean flat = Math.abs(heapDrift) <= FLAT && Math.abs(residentDrift) <= FLAT;
        return new SoakReport.Phase(workload, steps, batchSize, warmup, seconds, taken, heapDrift, residentDrift, flat);
    }

    private static SoakReport.Sample sample(int step) {
        // The resident set before the collection: native memory that only a collection returns (direct
        // buffers) is part of the footprint and must show; the heap after it, so garbage does not.
        long resident = MemoryProbe.residentBytes();
        System.gc();
        return new SoakReport.Sample(step, MemoryProbe.heapUsedBytes(), resident);
    }

    /**
     * Returns the mean of the second half of the values over the mean of the first half, minus 1; with an odd
     * count the middle value belongs to neither half.
     *
     * @param values the samples in order, at least two
     * @return the relative drift
     */
    static double drift(long[] values) {
        int half = values.length / 2;
        double first = 0;
        double second = 0;
        for (int i = 0; i < half; i++) {
            first += values[i];
            second += values[values.length - half + i];
        }
        return first == 0 ? 0 : second / first - 1;
    }

    /** Builds a {@link MemorySoak}. */
    public static final class Builder {

        private String variant;
        private Supplier<AlexNetBlock> network;
        private ModelFactory factory = ModelFactory.builder().build();
        private int trainingSteps = 1000;
        private int trainingBatchSize = 32;
        private int predictions = 10_000;
        private int predictionBatchSize = 1;
        private int samples = 20;
        private int warmup = 10;

        private Builder() {}

        /**
         * Sets the network, built afresh for each phase.
         *
         * @param variant its name, for the report
         * @param network builds the network
         * @return this builder
         */
        public Builder setNetwork(String variant, Supplier<AlexNetBlock> network) {
            this.variant = variant;
            this.network = network;
            return this;
        }

        /**
         * Sets the model factory (device, seed); default the factory's defaults.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder optModelFactory(ModelFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * Sets the training phase; default 1,000 steps at batch 32. Zero steps skips it.
         *
         * @param steps the steps after the warm-up
         * @param batchSize images per step
         * @return this builder
         */
        public Builder optTraining(int steps, int batchSize) {
            this.trainingSteps = steps;
            this.trainingBatchSize = batchSize;
            return this;
        }

        /**
         * Sets the prediction phase; default 10,000 predictions at batch 1. Zero skips it.
         *
         * @param count the predictions after the warm-up
         * @param batchSize images per prediction
         * @return this builder
         */
        public Builder optPredictions(int count, int batchSize) {
            this.predictions = count;
            this.predictionBatchSize = batchSize;
            return this;
        }

        /**
         * Sets how many samples each phase takes after the first, and the warm-up steps before it; default 20
         * and 10.
         *
         * @param samples samples per phase
         * @param warmup steps before the first sample
         * @return this builder
         */
        public Builder optSampling(int samples, int warmup) {
            this.samples = samples;
            this.warmup = warmup;
            return this;
        }

        /**
         * Validates and builds the soak.
         *
         * @return the soak
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public MemorySoak build() {
            if (variant == null || network == null || factory == null) {
                throw new IllegalArgumentException("soak: setNetwork(variant, network) and a model factory are required");
            }
            if (trainingSteps < 0 || predictions < 0 || trainingSteps + predictions == 0) {
                throw new IllegalArgumentException("soak: expected steps >= 0, not both 0, got " + trainingSteps
                        + " training steps and " + predictions + " predictions");
            }
            if (trainingBatchSize < 1 || predictionBatchSize < 1 || samples < 1 || warmup < 0) {
                throw new IllegalArgumentException("soak: batch sizes and samples must be positive and warm-up >= 0,"
                        + " got " + trainingBatchSize + ", " + predictionBatchSize + ", " + samples + ", " + warmup);
            }
            return new MemorySoak(this);
        }
    }
}
