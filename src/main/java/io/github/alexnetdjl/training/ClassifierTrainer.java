package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.DeviceNormalization;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an AlexNet classifier on decoded images with the paper's recipe and writes, in the output
 * directory:
 *
 * <pre>
 * checkpoints/epoch-0003/   a model directory plus training.json and optimizer.ndlist, after every epoch
 * best/                     the model directory of the epoch with the best validation accuracy
 * metrics.csv               one row per epoch ({@link EpochMetrics#CSV_HEADER})
 * metrics.png               loss and accuracy per epoch
 * conv1-filters.png         the learned conv1 filters, at the end
 * </pre>
 *
 * <p>Everything is written atomically; an interrupted run leaves the last complete checkpoint, and {@code
 * resume} continues from it exactly as an uninterrupted run would (same order, augmentation and dropout,
 * restored momentum and learning rate).
 *
 * <p>The network is trained on its logits ({@link AlexNetBlock#logits()}) with {@code
 * softmaxCrossEntropyLoss}; the saved block keeps its softmax.
 */
public final class ClassifierTrainer {

    /** The sub-directory of per-epoch checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The sub-directory of the best model. */
    public static final String BEST = "best";

    /** The metrics file. */
    public static final String METRICS_CSV = "metrics.csv";

    /** The metrics chart. */
    public static final String METRICS_PNG = "metrics.png";

    /** The conv1 filter picture. */
    public static final String FILTERS_PNG = "conv1-filters.png";

    /** A checkpoint's training state file. */
    public static final String TRAINING_STATE = "training.json";

    /** A checkpoint's optimizer state file. */
    public static final String OPTIMIZER_STATE = "optimizer.ndlist";

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-(\\d{4,})");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final Logger logger = LoggerFactory.getLogger(ClassifierTrainer.class);

    private final ModelConfig requestedConfig;
    private final DecodedImages train;
    private final DecodedImages validation;
    private final Path output;
    private final TrainingOptions options;
    private final TrainingListener listener;
    private final boolean resume;

    private ClassifierTrainer(Builder b) {
        requestedConfig = b.config;
        train = b.train;
        validation = b.validation;
        output = b.output;
        options = b.options;
        listener = b.listener;
        resume = b.resume;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What a checkpoint's {@code training.json} holds besides the model. */
    static final class TrainingState {
        int epoch;
        long seed;
        float learningRate;
        int reductions;
        double best;
        int epochsSinceBest;
    }

    /**
     * Trains for the remaining epochs.
     *
     * @return every epoch's metrics, resumed ones included
     * @throws IOException if the data does not fit the model or writing fails
     * @throws MalformedModelException if the checkpoint to resume from is damaged
     */
    public List<EpochMetrics> fit() throws IOException, MalformedModelException {
        if (!train.getClasses().equals(validation.getClasses())) {
            throw new IOException("training and validation folders have different classes: "
                    + train.getClasses() + " and " + validation.getClasses());
        }
        Files.createDirectories(output);
        Path last = latestCheckpoint(output);
        if (resume && last == null) {
            throw new IOException("--resume: no checkpoint in " + output.resolve(CHECKPOINTS));
        }
        if (!resume && last != null) {
            throw new IOException(output + " holds checkpoints already (" + last.getFileName()
                    + "): pass --resume to continue, or choose another output directory");
        }
        Device device = options.getDevice() != null
                ? options.getDevice()
                : ModelFactory.builder().build().chooseDevice().device();
        PlateauSchedule schedule = new PlateauSchedule(options.getLearningRate(), options.getLearningRateFactor(),
                options.getPatience(), options.getMaxReductions());
        MomentumSgd optimizer = MomentumSgd.builder()
                .setLearningRateTracker(schedule)
                .optMomentum(options.getMomentum())
                .optWeightDecays(options.getWeightDecay())
                .build();
        Model model;
        AlexNetBlock block;
        ModelConfig config;
        int done = 0;
        List<EpochMetrics> history = new ArrayList<>();
        if (last != null) {
            ModelDirectory loaded = ModelDirectory.load(last, device);
            model = loaded.getModel();
            block = loaded.getBlock();
            config = loaded.getConfig();
            try {
                if (!loaded.getClasses().equals(train.getClasses())) {
                    throw new IOException("the checkpoint " + last + " was trained on classes " + loaded.getClasses()
                            + ", the data has " + train.getClasses());
                }
                TrainingState state = GSON.fromJson(
                        Files.readString(last.resolve(TRAINING_STATE), StandardCharsets.UTF_8), TrainingState.class);
                done = state.epoch;
                schedule.setState(new PlateauSchedule.State(
                        state.learningRate, state.reductions, state.best, state.epochsSinceBest));
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    NDList velocities;
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(last.resolve(OPTIMIZER_STATE)))) {
                        velocities = NDList.decode(manager, in);
                    }
                    optimizer.importState(block.getParameters(), velocities);
                }
                history.addAll(readMetrics(output.resolve(METRICS_CSV), done));
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
            logger.info("Resuming from {} (epoch {}, learning rate {})", last, done, schedule.getLearningRate());
        } else {
            config = requestedConfig;
            block = config.newBlock();
            model = ModelFactory.builder().optDevice(device).optSeed(options.getSeed()).build()
                    .newModel(ModelDirectory.PARAMETERS_PREFIX, block, block.getInputShape(1));
        }
        int[] shape = config.getInputShape();
        if (block.getNumClasses() != train.getClasses().size()) {
            model.close();
            throw new IOException("the network has " + block.getNumClasses() + " outputs, the data "
                    + train.getClasses().size() + " classes");
        }
        model.setBlock(block.logits());
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {device})
                .optOptimizer(optimizer);
        try (model;
                Trainer trainer = model.newTrainer(trainingConfig);
                BatchLoader trainLoader = loader(train, shape, BatchLoader.Mode.TRAIN, config, device);
                BatchLoader valLoader = loader(validation, shape, BatchLoader.Mode.CENTER, config, device)) {
            for (int epoch = done + 1; epoch <= options.getEpochs(); epoch++) {
                // Dropout draws from the engine's generator: seeding it per epoch makes resumed runs exact.
                Engine.getEngine(ModelFactory.ENGINE).setRandomSeed((int) (options.getSeed() * 7919 + epoch));
                double[] trained = trainEpoch(trainer, trainLoader, epoch);
                double[] validated = validate(trainer, valLoader);
                boolean best = schedule.epochEnded(validated[1]);
                EpochMetrics metrics = new EpochMetrics(epoch, trained[0], trained[1], validated[0], validated[1],
                        validated[2], trained[2]);
                history.add(metrics);
                writeMetrics(history);
                saveCheckpoint(epoch, block, config, optimizer, schedule);
                if (best) {
                    ModelDirectory.save(output.resolve(BEST), block, config, train.getClasses());
                }
                listener.onEpoch(metrics, schedule.getLearningRate(), best);
            }
            NDArray conv1 = block.get("conv1").getParameters().get("conv.weight").getArray();
            TrainingCharts.writePng(TrainingCharts.filterGrid(conv1, 6), output.resolve(FILTERS_PNG));
        }
        return history;
    }

    private BatchLoader loader(DecodedImages images, int[] shape, BatchLoader.Mode mode, ModelConfig config,
            Device device) {
        return BatchLoader.builder()
                .setImages(images)
                .setCropSize(shape[1], shape[2])
                .setBatchSize(options.getBatchSize())
                .optMode(mode)
                .optPcaSigma(mode == BatchLoader.Mode.TRAIN ? options.getPcaSigma() : 0f)
                .optNormalization(config.getMean(), config.getStd())
                .optSeed(options.getSeed())
                .optNormalizeOnDevice(DeviceNormalization.isDefaultFor(device))
                .optThreads(options.getLoaderThreads())
                .build();
    }

    /** Returns mean loss, accuracy, images per second. */
    private double[] trainEpoch(Trainer trainer, BatchLoader loader, int epoch) {
        long start = System.nanoTime();
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        int numClasses = train.getClasses().size();
        for (Iterator<BatchLoader.HostBatch> it = loader.epoch(epoch); it.hasNext(); ) {
            BatchLoader.HostBatch batch = it.next();
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList xy = batch.toNDList(manager);
                NDList labels = new NDList(xy.get(1));
                float[] logits;
                float loss;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(xy.get(0)), labels);
                    NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
                    collector.backward(lossValue);
                    loss = lossValue.getFloat();
                    logits = predictions.singletonOrThrow().toFloatArray();
                }
                trainer.step();
                lossSum += (double) loss * batch.images();
                for (int i = 0; i < batch.images(); i++) {
                    if (Ranks.rank(logits, i, numClasses, (int) batch.labels()[i]) == 0) {
                        correct++;
                    }
                }
                seen += batch.images();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.onBatch(epoch, seen, loader.size(), seen / seconds, lossSum / seen, (double) correct / seen);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {lossSum / seen, (double) correct / seen, seen / seconds};
    }

    /** Returns mean loss, top-1 accuracy, top-5 accuracy on center crops. */
    private double[] validate(Trainer trainer, BatchLoader loader) {
        double lossSum = 0;
        int top1 = 0;
        int top5 = 0;
        int seen = 0;
        int numClasses = validation.getClasses().size();
        for (Iterator<BatchLoader.HostBatch> it = loader.epoch(0); it.hasNext(); ) {
            BatchLoader.HostBatch batch = it.next();
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList xy = batch.toNDList(manager);
                NDList predictions = trainer.evaluate(new NDList(xy.get(0)));
                lossSum += (double) trainer.getLoss().evaluate(new NDList(xy.get(1)), predictions).getFloat() * batch.images();
                float[] logits = predictions.singletonOrThrow().toFloatArray();
                for (int i = 0; i < batch.images(); i++) {
                    int rank = Ranks.rank(logits, i, numClasses, (int) batch.labels()[i]);
                    top1 += rank == 0 ? 1 : 0;
                    top5 += rank < 5 ? 1 : 0;
                }
                seen += batch.images();
            }
        }
        return new double[] {lossSum / seen, (double) top1 / seen, (double) top5 / seen};
    }

    private void saveCheckpoint(int epoch, AlexNetBlock block, ModelConfig config, MomentumSgd optimizer,
            PlateauSchedule schedule) throws IOException {
        TrainingState state = new TrainingState();
        state.epoch = epoch;
        state.seed = options.getSeed();
        PlateauSchedule.State s = schedule.getState();
        state.learningRate = s.learningRate();
        state.reductions = s.reductions();
        state.best = s.best();
        state.epochsSinceBest = s.epochsSinceBest();
        Path dir = output.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d", epoch));
        ModelDirectory.save(dir, block, config, train.getClasses(), tmp -> {
            Files.writeString(tmp.resolve(TRAINING_STATE), GSON.toJson(state), StandardCharsets.UTF_8);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                // Streamed: the full network's momentum buffers are 250 MB, which encode() would first
                // gather in a byte array of the heap (and twice that while the array grows).
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER_STATE)))) {
                    optimizer.exportState(block.getParameters(), manager).encode(out);
                }
            }
        });
        List<Path> all = checkpoints(output);
        for (Path old : all.subList(0, Math.max(0, all.size() - options.getKeepCheckpoints()))) {
            AtomicFiles.deleteRecursively(old);
        }
    }

    private void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(m.toCsv()).append('\n');
        }
        AtomicFiles.writeString(output.resolve(METRICS_CSV), csv.toString());
        TrainingCharts.writeMetricsChart(history, output.resolve(METRICS_PNG));
    }

    private static List<EpochMetrics> readMetrics(Path csv, int epochs) throws IOException {
        List<EpochMetrics> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                EpochMetrics m = EpochMetrics.fromCsv(line);
                if (m.epoch() <= epochs) {
                    rows.add(m);
                }
            }
        }
        return rows;
    }

    /**
     * Returns the complete per-epoch checkpoints in an output directory, oldest first.
     *
     * @param output the training output directory
     * @return the checkpoint directories
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> checkpoints(Path output) throws IOException {
        Path dir = output.resolve(CHECKPOINTS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(TRAINING_STATE)))
                    .sorted((a, b) -> Integer.compare(epochOf(a), epochOf(b)))
                    .toList();
        }
    }

    /**
     * Returns the newest complete checkpoint in an output directory.
     *
     * @param output the training output directory
     * @return the checkpoint directory, or null if there is none
     * @throws IOException if the directory cannot be listed
     */
    public static Path latestCheckpoint(Path output) throws IOException {
        List<Path> all = checkpoints(output);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static int epochOf(Path checkpoint) {
        Matcher m = CHECKPOINT_NAME.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Builds a {@link ClassifierTrainer}. */
    public static final class Builder {

        private ModelConfig config;
        private DecodedImages train;
        private DecodedImages validation;
        private Path output;
        private TrainingOptions options = TrainingOptions.builder().build();
        private TrainingListener listener = new TrainingListener() {};
        private boolean resume;

        private Builder() {}

        /**
         * Sets the network to train (ignored when resuming: the checkpoint's configuration is used).
         *
         * @param config the network's configuration; its classes must match the data's
         * @return this builder
         */
        public Builder setConfig(ModelConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Sets the training and validation images.
         *
         * @param train the training images
         * @param validation the validation images, with the same classes
         * @return this builder
         */
        public Builder setData(DecodedImages train, DecodedImages validation) {
            this.train = train;
            this.validation = validation;
            return this;
        }

        /**
         * Sets the output directory.
         *
         * @param output where checkpoints, the best model, metrics and charts go
         * @return this builder
         */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /**
         * Sets the recipe; default the paper's.
         *
         * @param options the options
         * @return this builder
         */
        public Builder optOptions(TrainingOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Sets a listener for progress.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Continues from the newest checkpoint in the output directory.
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Validates and builds the trainer.
         *
         * @return the trainer
         */
        public ClassifierTrainer build() {
            if (config == null || train == null || validation == null || output == null) {
                throw new IllegalArgumentException("config, data and output must be set");
            }
            if (config.getNumClasses() != train.getClasses().size()) {
                throw new IllegalArgumentException("the configuration has " + config.getNumClasses()
                        + " classes, the data " + train.getClasses().size());
            }
            return new ClassifierTrainer(this);
        }
    }
}
