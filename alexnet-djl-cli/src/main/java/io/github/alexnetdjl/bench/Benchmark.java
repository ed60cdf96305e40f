package io.github.alexnetdjl.bench;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.onnx.OnnxExport;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times a network's inference and training steps on random data and reports each as images per second and
 * as a fraction of the ceiling: the best kernel measured in the same process, the faster of libtorch's float32
 * matrix multiply and its large convolutions, before and after the workloads (the better of the two: on a
 * shared machine either may catch a neighbour's burst). The progress callback sees each result against the
 * first measurement; the report holds them against the final one. Optionally the same network also runs in
 * ONNX Runtime ({@link Builder#optOnnxRuntimePeer}), in turns with this library's at each batch size, and the
 * report compares the two.
 *
 * <pre>{@code
 * BenchReport report = Benchmark.builder()
 *         .setNetwork("seed", () -> AlexNetBlock.builder().build())
 *         .optInferenceBatchSizes(1, 32)
 *         .optTrainingBatchSize(32)
 *         .build()
 *         .run(result -> System.out.println(result));
 * }</pre>
 *
 * <p>Inference runs in inference mode with autograd off on the calling thread (libtorch's grad mode is per
 * thread, and DJL switches it off only on the thread that loaded the engine), on the network with BatchNorm
 * folded into the convolutions, their weights channels-last and the dense layers weight-major ({@link
 * InferenceOptimizer}), unless {@link Builder#optLevers} says otherwise. Each batch's
 * intermediates live in a sub-manager closed after the batch. A training step is forward, softmax
 * cross-entropy on the logits, backward and an SGD update.
 */
public final class Benchmark {

    /** The SGD learning rate of the training steps; small enough to keep random-label training finite. */
    private static final float LEARNING_RATE = 0.001f;

    /** Turns each of this library and the peer gets at every batch size: an even number, so ABBA balances. */
    private static final int PEER_ROUNDS = 4;

    private final String variant;
    private final Supplier<AlexNetBlock> network;
    private final ModelFactory factory;
    private final int[] inferenceBatchSizes;
    private final int trainingBatchSize;
    private final BatchTimer timer;
    private final int[] matmulSizes;
    private final double matmulSeconds;
    private final int convolutionBatch;
    private final InferenceLevers levers;
    private final boolean onnxRuntimePeer;
    private final boolean onnxRuntimeEngine;

    /** Takes the builder's settings, and for those it left unset the defaults of its kind of run and device. */
    private Benchmark(Builder builder, boolean gpu) {
        boolean quick = builder.quick;
        variant = builder.variant;
        network = builder.network;
        factory = builder.factory;
        inferenceBatchSizes = builder.inferenceBatchSizes != null ? builder.inferenceBatchSizes.clone()
                : gpu ? new int[] {1, 32, 128} : new int[] {1, 32};
        trainingBatchSize = builder.trainingBatchSize != null ? builder.trainingBatchSize : gpu ? 128 : 32;
        timer = new BatchTimer(
                builder.warmup != null ? builder.warmup : quick ? 1 : 3,
                builder.minIterations != null ? builder.minIterations : quick ? 3 : 10,
                builder.minSeconds != null ? builder.minSeconds : quick ? 0 : 5);
        matmulSizes = builder.matmulSizes != null ? builder.matmulSizes.clone()
                : quick ? new int[] {256, 1024} : gpu ? new int[] {1024, 2048, 4096, 8192} : new int[] {512, 1024, 2048};
        matmulSeconds = builder.matmulSeconds != null ? builder.matmulSeconds : quick ? 0.1 : 0.5;
        convolutionBatch = builder.convolutionBatch != null ? builder.convolutionBatch : quick ? 2 : 32;
        levers = builder.levers;
        onnxRuntimePeer = builder.onnxRuntimePeer;
        onnxRuntimeEngine = builder.onnxRuntimeEngine;
    }

    /**
     * Returns a builder with the defaults of a full run: inference at batch 1 and 32 (and 128 on a GPU), a
     * training step at batch 32 (128 on a GPU), 3 warm-up batches, then at least 10 batches and 5 seconds per
     * result, every inference lever on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Measures the ceiling, each inference batch size (in turns with the peer, if one was asked for), the
     * training step, and the ceiling again.
     *
     * @param progress receives each result of this library as soon as it is measured
     * @return the report
     */
    public BenchReport run(Consumer<Throughput> progress) {
        return run(progress, result -> {});
    }

    /**
     * Measures the ceiling, each inference batch size (in turns with the peer, if one was asked for), the
     * training step, and the ceiling again.
     *
     * @param progress receives each result of this library as soon as it is measured
     * @param peerProgress receives each result of the peer as soon as it is measured
     * @return the report
     * @throws IllegalStateException if the peer fails to run the exported network
     */
    public BenchReport run(Consumer<Throughput> progress, Consumer<Throughput> peerProgress) {
        Engine engine = Engine.getEngine(ModelFactory.ENGINE);
        MemoryProbe.resetPeakHeap();
        long residentStart = MemoryProbe.residentBytes();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Throughput> results = new ArrayList<>();
        List<Long> residentAfter = new ArrayList<>();
        Consumer<Throughput> record =
                result -> {
                    results.add(result);
                    residentAfter.add(MemoryProbe.residentBytes());
                    progress.accept(result);
                };
        AlexNetBlock block = network.get();
        Shape image = block.getInputShape();
        double forwardFlops = FlopCounter.forwardFlops(block.getSpec(), 1);
        MatmulCeiling matmul;
        ConvolutionCeiling convolution;
        Device device;
        PeerReport peer;
        try (Model model = factory.newModel(variant, block, block.getInputShape(1))) {
            NDManager manager = model.getNDManager();
            device = manager.getDevice();
            matmul = MatmulCeiling.measure(manager, matmulSizes, matmulSeconds);
            convolution = ConvolutionCeiling.measure(manager, convolutionBatch, matmulSeconds);
            Ceiling ceiling = Ceiling.of(matmul, convolution);
            try (LibTorch.GradMode mode = LibTorch.gradMode(levers.gradMode())) {
                peer = inference(levers.apply(block, manager), manager, block, forwardFlops, ceiling, record,
                        peerProgress);
            }
        }
        if (trainingBatchSize > 0) {
            record.accept(training(3 * forwardFlops, Ceiling.of(matmul, convolution)));
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            matmul = matmul.max(MatmulCeiling.measure(manager, matmulSizes, matmulSeconds));
            convolution = convolution.max(ConvolutionCeiling.measure(manager, convolutionBatch, matmulSeconds));
        }
        return report(engine, device, image, load, residentStart, residentAfter, forwardFlops, results, matmul,
                convolution, peer);
    }

    /**
     * Times inference on this library's engine; with a peer, the network is exported and loaded into ONNX
     * Runtime for these measurements only, so that neither the training step nor the memory figures after it
     * see the peer.
     *
     * @return the peer's report without comparisons, or null without a peer
     */
    private PeerReport inference(Block net, NDManager manager, AlexNetBlock block, double flopsPerImage,
            Ceiling ceiling, Consumer<Throughput> record, Consumer<Throughput> peerProgress) {
        if (!onnxRuntimePeer) {
            onEngine(net, manager, block, null, flopsPerImage, ceiling, record, result -> {});
            return null;
        }
        Path exported = null;
        try {
            exported = Files.createTempFile("alexnet-bench-", ".onnx");
            OnnxExport.builder().setBlock(net).build().write(exported);
            try (OnnxRuntimePeer peer = OnnxRuntimePeer.open(exported, LibTorch.intraOpThreads())) {
                Shape one = block.getInputShape(1);
                float[] probe = randomImages(one, 2);
                double difference = peer.maxAbsDifference(probe, one, forward(net, manager, one, probe));
                List<Throughput> results = new ArrayList<>();
                onEngine(net, manager, block, peer, flopsPerImage, ceiling, record, result -> {
                    results.add(result);
                    peerProgress.accept(result);
                });
                return new PeerReport(peer.engine(), peer.threads(), 1, difference, results, List.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network for the peer: " + e.getMessage(), e);
        } finally {
            if (exported != null) {
                try {
                    Files.deleteIfExists(exported);
                } catch (IOException e) {
                    // a temporary file left behind in the temporary directory: nothing to report
                }
            }
        }
    }

    /** Times inference on this library's engine, libtorch or ONNX Runtime, in turns with the peer if there is one. */
    private void onEngine(Block net, NDManager manager, AlexNetBlock block, OnnxRuntimePeer peer,
            double flopsPerImage, Ceiling ceiling, Consumer<Throughput> record, Consumer<Throughput> peerRecord) {
        if (!onnxRuntimeEngine) {
            timeBatches(net, manager, block, peer, flopsPerImage, ceiling, record, peerRecord);
            return;
        }
        try (Model onnx = OnnxRuntimeInference.load(net, block.getOutput())) {
            // inputs made by the ONNX Runtime model's manager, as its translators make them
            timeBatches(onnx.getBlock(), onnx.getNDManager(), block, peer, flopsPerImage, ceiling, record,
                    peerRecord);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the network: " + e.getMessage(), e);
        }
    }

    private BenchReport report(Engine engine, Device device, Shape image, double load, long residentStart,
            List<Long> residentAfter, double forwardFlops, List<Throughput> results, MatmulCeiling matmul,
            ConvolutionCeiling convolution, PeerReport peer) {
        Ceiling ceiling = Ceiling.of(matmul, convolution);
        List<Throughput> againstFinalCeiling =
                results.stream().map(result -> result.withCeiling(ceiling.gflops(), ceiling.gflopsPerCpuSecond()))
                        .toList();
        PeerReport peerAgainstFinal = peer == null ? null
                : peer.withCeiling(ceiling.gflops(), ceiling.gflopsPerCpuSecond()).comparedWith(againstFinalCeiling);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("foldBatchNorm", levers.foldBatchNorm());
        options.put("channelsLast", levers.channelsLast());
        options.put("weightMajorDense", levers.weightMajorDense());
        options.put("inferenceEngine", onnxRuntimeEngine ? OnnxRuntimeInference.ENGINE : ModelFactory.ENGINE);
        options.put("gradModeInInference", levers.gradMode());
        options.put("warmupBatches", timer.warmup());
        options.put("minIterations", timer.minIterations());
        options.put("minSeconds", timer.minSeconds());
        BenchReport.Memory memory =
                new BenchReport.Memory(
                        MemoryProbe.peakHeapBytes(),
                        residentStart,
                        MemoryProbe.residentBytes(),
                        MemoryProbe.peakResidentBytes(),
                        residentAfter);
        return new BenchReport(
                variant,
                image.toString(),
                engine.getEngineName() + " " + engine.getVersion(),
                Engine.getDjlVersion(),
                device.toString(),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                LibTorch.intraOpThreads(),
                LibTorch.interOpThreads(),
                allocatorEnvironment(),
                options,
                load,
                ceiling.gflops(),
                ceiling.gflopsPerCpuSecond(),
                matmul.gflopsBySize(),
                forwardFlops / 1e9,
                againstFinalCeiling,
                memory,
                null,
                ceiling.kernel(),
                convolution.gflopsByShape(),
                ProcessorPeak.estimate(),
                peerAgainstFinal);
    }

    /**
     * Times every inference batch size; with a peer, this library's network and the peer in alternating turns
     * on the same input ({@link BatchTimer#alternate}).
     */
    private void timeBatches(Block net, NDManager manager, AlexNetBlock block, OnnxRuntimePeer peer,
            double flopsPerImage, Ceiling ceiling, Consumer<Throughput> record, Consumer<Throughput> peerRecord) {
        for (int batchSize : inferenceBatchSizes) {
            Shape shape = block.getInputShape(batchSize);
            float[] images = randomImages(shape, 1);
            Function<Throughput.Timing, Throughput> result = timing -> Throughput.of("inference", batchSize, timing,
                    flopsPerImage, ceiling.gflops(), ceiling.gflopsPerCpuSecond());
            try (OurBatch ours = new OurBatch(net, manager, shape, images)) {
                if (peer == null) {
                    record.accept(result.apply(timer.time(ours)));
                } else {
                    try (OnnxRuntimePeer.Batch theirs = peer.batch(images, shape)) {
                        Throughput.Timing[] timings = timer.alternate(PEER_ROUNDS, ours, theirs);
                        record.accept(result.apply(timings[0]));
                        peerRecord.accept(result.apply(timings[1]));
                    }
                }
            }
        }
    }

    /** One input of this library's network, held while it is timed; each batch's intermediates freed after it. */
    private static final class OurBatch implements Runnable, AutoCloseable {
        private final Block net;
        private final ParameterStore parameters;
        private final NDManager scope;
        private final NDArray input;

        OurBatch(Block net, NDManager manager, Shape shape, float[] images) {
            this.net = net;
            parameters = new ParameterStore(manager, false);
            scope = manager.newSubManager();
            input = scope.create(images, shape);
        }

        @Override
        public void run() {
            try (NDManager step = scope.newSubManager()) {
                input.tempAttach(step);
                NDArray out = net.forward(parameters, new NDList(input), false).singletonOrThrow();
                if (out.getDevice().isGpu()) {
                    out.getFloat(0, 0); // waits for the GPU; the CPU engines return when done
                }
            }
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    private static float[] randomImages(Shape shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private static float[] forward(Block net, NDManager manager, Shape shape, float[] input) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, shape);
            return net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    private Throughput training(double flopsPerImage, Ceiling ceiling) {
        AlexNetBlock block = network.get();
        Block logits = block.logits();
        Shape shape = block.getInputShape(trainingBatchSize);
        long classes = logits.getOutputShapes(new Shape[] {shape})[0].get(1);
        try (Model model = factory.newModel(variant + "-training", logits, shape)) {
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optDevices(new Device[] {model.getNDManager().getDevice()})
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                                            .build());
            try (Trainer trainer = model.newTrainer(config);
                    NDManager scope = trainer.getManager().newSubManager()) {
                trainer.initialize(shape);
                NDArray images = scope.randomUniform(0f, 1f, shape);
                NDArray labels = scope.randomInteger(0, classes, new Shape(trainingBatchSize), DataType.INT64);
                Throughput.Timing nanos =
                        timer.time(
                                () -> {
                                    try (NDManager step = scope.newSubManager()) {
                                        images.tempAttach(step);
                                        labels.tempAttach(step);
                                        try (GradientCollector collector = trainer.newGradientCollector()) {
                                            NDList predictions = trainer.forward(new NDList(images));
                                            NDArray loss =
                                                    trainer.getLoss().evaluate(new NDList(labels), predictions);
                                            collector.backward(loss);
                                        }
                                        trainer.step();
                                    }
                                });
                return Throughput.of("training", trainingBatchSize, nanos, flopsPerImage, ceiling.gflops(),
                        ceiling.gflopsPerCpuSecond());
            }
        }
    }

    private static Map<String, String> allocatorEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name :
                List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX", "LD_PRELOAD",
                        "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT")) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        return environment;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the architecture
        }
        return System.getProperty("os.arch");
    }

    /** Builds a {@link Benchmark}. */
    public static final class Builder {

        private String variant;
        private Supplier<AlexNetBlock> network;
        private ModelFactory factory = ModelFactory.builder().build();
        private boolean quick;
        private int[] inferenceBatchSizes;
        private Integer trainingBatchSize;
        private Integer warmup;
        private Integer minIterations;
        private Double minSeconds;
        private int[] matmulSizes;
        private Double matmulSeconds;
        private Integer convolutionBatch;
        private InferenceLevers levers = InferenceLevers.DEFAULTS;
        private boolean onnxRuntimePeer;
        private boolean onnxRuntimeEngine;

        private Builder() {}

        /**
         * Sets the network to measure (required). The supplier is called once for inference and once for
         * training, each time for a fresh block.
         *
         * @param variant the network's name in the report, e.g. "seed"
         * @param network makes a fresh, uninitialized block
         * @return this builder
         */
        public Builder setNetwork(String variant, Supplier<AlexNetBlock> network) {
            this.variant = variant;
            this.network = network;
            return this;
        }

        /**
         * Sets where and how models are created; default: the best device, each block's own initializer.
         *
         * @param factory the model factory
         * @return this builder
         */
        public Builder optModelFactory(ModelFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * Makes this a smoke run, which keeps a harness working without measuring much: 1 warm-up and 3 timed
         * batches per result with no least time, a ceiling from matrices of 256 and 1024 for 0.1 s each and
         * convolutions at batch 2. Settings given explicitly win. Default off.
         *
         * @param quick whether this is a smoke run
         * @return this builder
         */
        public Builder optQuick(boolean quick) {
            this.quick = quick;
            return this;
        }

        /**
         * Sets the inference batch sizes; default 1 and 32, and 128 on a GPU. None skips inference.
         *
         * @param batchSizes the batch sizes
         * @return this builder
         */
        public Builder optInferenceBatchSizes(int... batchSizes) {
            this.inferenceBatchSizes = batchSizes.clone();
            return this;
        }

        /**
         * Sets the training batch size; default 32, 128 on a GPU. Zero skips training.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optTrainingBatchSize(int batchSize) {
            this.trainingBatchSize = batchSize;
            return this;
        }

        /**
         * Sets how long each result is measured: warm-up batches, then at least {@code minIterations}
         * batches and at least {@code minSeconds}; default 3, 10 and 5 (1, 3 and 0 for a smoke run).
         *
         * @param warmup untimed batches first
         * @param minIterations the fewest timed batches
         * @param minSeconds the least time spent on timed batches
         * @return this builder
         */
        public Builder optIterations(int warmup, int minIterations, double minSeconds) {
            this.warmup = warmup;
            this.minIterations = minIterations;
            this.minSeconds = minSeconds;
            return this;
        }

        /**
         * Sets the fewest timed batches per result, leaving the warm-up and the least time as they are.
         *
         * @param minIterations the fewest timed batches
         * @return this builder
         * @see #optIterations
         */
        public Builder optMinIterations(int minIterations) {
            this.minIterations = minIterations;
            return this;
        }

        /**
         * Sets the least time spent on timed batches per result, leaving the batch counts as they are.
         *
         * @param minSeconds the least time, in seconds
         * @return this builder
         * @see #optIterations
         */
        public Builder optMinSeconds(double minSeconds) {
            this.minSeconds = minSeconds;
            return this;
        }

        /**
         * Sets the matrix sides and the time per side of the ceiling measurement; default 512, 1024 and 2048
         * (1024 to 8192 on a GPU) for half a second each.
         *
         * @param seconds the time per side
         * @param sizes the matrix sides
         * @return this builder
         */
        public Builder optMatmul(double seconds, int... sizes) {
            this.matmulSeconds = seconds;
            this.matmulSizes = sizes.clone();
            return this;
        }

        /**
         * Sets the batch size of the convolutions the ceiling measures (AlexNet's conv2 and conv3 shapes);
         * default 32. They run for as long as each matrix side does ({@link #optMatmul}).
         *
         * @param batchSize the images per convolution
         * @return this builder
         */
        public Builder optConvolutionBatch(int batchSize) {
            this.convolutionBatch = batchSize;
            return this;
        }

        /**
         * Also runs the network in ONNX Runtime: exported to a temporary ONNX file, at the same inference batch
         * sizes on the same inputs, on as many threads, timed by the same rule in turns with this library's
         * network (four turns each per batch size, ABBA); default off. Needs ONNX Runtime ({@code
         * com.microsoft.onnxruntime:onnxruntime}) on the class path.
         *
         * @param peer whether to measure ONNX Runtime too
         * @return this builder
         */
        public Builder optOnnxRuntimePeer(boolean peer) {
            this.onnxRuntimePeer = peer;
            return this;
        }

        /**
         * Runs this library's inference on ONNX Runtime ({@link OnnxRuntimeInference}) instead of libtorch: the
         * optimized network exported and loaded into DJL's ONNX Runtime engine, inputs and outputs through DJL
         * as a predictor has them; default off. Training stays on libtorch. Needs ONNX Runtime and DJL's
         * engine for it on the class path.
         *
         * @param onnxRuntime whether inference runs on ONNX Runtime
         * @return this builder
         */
        public Builder optOnnxRuntimeEngine(boolean onnxRuntime) {
            this.onnxRuntimeEngine = onnxRuntime;
            return this;
        }

        /**
         * Sets the inference rewrites and grad mode; default {@link InferenceLevers#DEFAULTS}, as the library
         * runs inference. Switching one off measures the lever.
         *
         * @param levers the rewrites and grad mode
         * @return this builder
         */
        public Builder optLevers(InferenceLevers levers) {
            this.levers = levers;
            return this;
        }

        /**
         * Validates the settings and builds the benchmark, choosing the defaults left for the device the
         * factory chooses.
         *
         * @return the benchmark
         * @throws IllegalArgumentException naming the setting, when the network is missing or a count or
         *     size is out of range
         */
        public Benchmark build() {
            if (variant == null || network == null) {
                throw new IllegalArgumentException("setNetwork(variant, network) is required");
            }
            if (factory == null || levers == null) {
                throw new IllegalArgumentException("model factory and levers must not be null");
            }
            boolean deviceDefaults = inferenceBatchSizes == null || trainingBatchSize == null
                    || (matmulSizes == null && !quick);
            Benchmark benchmark = new Benchmark(this, deviceDefaults && factory.chooseDevice().device().isGpu());
            for (int size : benchmark.inferenceBatchSizes) {
                if (size <= 0) {
                    throw new IllegalArgumentException("inference batch sizes must be positive, got " + size);
                }
            }
            if (benchmark.trainingBatchSize < 0) {
                throw new IllegalArgumentException("training batch size must be positive, or 0 to skip training,"
                        + " got " + benchmark.trainingBatchSize);
            }
            if (benchmark.convolutionBatch <= 0) {
                throw new IllegalArgumentException(
                        "convolution batch must be positive, got " + benchmark.convolutionBatch);
            }
            BatchTimer timer = benchmark.timer;
            if (timer.warmup() < 0 || timer.minIterations() < 1 || timer.minSeconds() < 0) {
                throw new IllegalArgumentException(
                        "iterations: expected warm-up >= 0, at least 1 timed batch and seconds >= 0, got "
                                + timer.warmup()
                                + ", "
                                + timer.minIterations()
                                + ", "
                                + timer.minSeconds());
            }
            return benchmark;
        }
    }
}
