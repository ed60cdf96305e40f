package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.DeviceNormalization;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.engine.Seeds;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an AlexNet classifier on decoded images with the paper's recipe and writes, in the output
 * directory:
 *
 * <pre>
 * checkpoints/epoch-0003/   a model directory plus training.json and optimizer.ndlist, after every epoch
 * best/                     the model directory of the epoch with the best validation accuracy, with its training.json
 * metrics.csv               one row per epoch ({@link EpochMetrics#CSV_HEADER}); listeners hear each row
 * conv1-filters.png         the learned conv1 filters, at the end
 * .lock                     locked by the operating system while a run writes here
 * </pre>
 *
 * <p>Everything is written atomically; an interrupted run leaves the last complete checkpoint, and {@code
 * resume} continues from it exactly as an uninterrupted run would (same order, augmentation and dropout,
 * restored momentum and learning rate). A damaged checkpoint is skipped for the newest intact one.
 *
 * <p>The best model is a copy of its epoch's checkpoint, made after that checkpoint is complete; the
 * checkpoint records which epoch is the best. So wherever a run is killed, {@code best/} holds the model the
 * checkpoint names, or that model is still in the checkpoint and the next start copies it again; an old
 * {@code best/} that a kill left renamed aside is renamed back. A start also deletes the temporary copies an
 * interrupted run left.
 *
 * <p>The network is trained on its logits ({@link AlexNetBlock#logits()}) with {@code
 * softmaxCrossEntropyLoss}; the saved block keeps its softmax. A loss that stops being finite stops the run
 * with a {@link TrainingDivergedException}.
 *
 * <p>A run starts from a new network, or, to fine-tune, from a model directory ({@link Builder#optStartFrom},
 * {@link FineTuning}); either may freeze stages and give them their own learning rates ({@link
 * TrainingOptions.Builder#optFreeze}). A checkpoint records those settings, and a resumed run keeps them.
 */
public final class ClassifierTrainer {

    /** The sub-directory of per-epoch checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The sub-directory of the best model. */
    public static final String BEST = "best";

    /** The metrics file. */
    public static final String METRICS_CSV = "metrics.csv";

    /** The conv1 filter picture. */
    public static final String FILTERS_PNG = "conv1-filters.png";

    /** A checkpoint's training state file. */
    public static final String TRAINING_STATE = "training.json";

    /** A checkpoint's optimizer state file. */
    public static final String OPTIMIZER_STATE = "optimizer.ndlist";

    private static final Logger logger = LoggerFactory.getLogger(ClassifierTrainer.class);

    private final ModelConfig requestedConfig;
    private final Path startFrom;
    private final DecodedImages train;
    private final DecodedImages validation;
    private final Path output;
    private final TrainingOptions options;
    private final List<TrainingProgress> listeners;
    private final boolean resume;
    private final Checkpoints checkpoints;

    private ClassifierTrainer(Builder b) {
        requestedConfig = b.config;
        startFrom = b.startFrom;
        train = b.train;
        validation = b.validation;
        output = b.output;
        options = b.options;
        listeners = List.copyOf(b.listeners);
        resume = b.resume;
        checkpoints = new Checkpoints(output);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where a run starts: a new network, a model directory's or a checkpoint's, and the best validation accuracy
     * so far.
     *
     * @param model the model holding the block's parameters, to be closed by the run
     * @param block the network, output softmax, its frozen stages frozen
     * @param config its configuration
     * @param optimizer the optimizer of its parameters, holding the checkpoint's momentum when resuming
     * @param stages the frozen and multiplied stages
     * @param from the model directory the run started from, absolute, or null
     * @param epoch the last epoch done; 0 for a new network
     * @param bestAccuracy the best validation accuracy so far; -1 before the first epoch
     * @param bestEpoch the epoch that had it; 0 before the first epoch
     * @param history the metrics of the epochs done
     */
    private record Start(Model model, AlexNetBlock block, ModelConfig config, MomentumSgd optimizer,
            StageSettings stages, String from, int epoch, double bestAccuracy, int bestEpoch,
            List<EpochMetrics> history) {

        Start withHistory(List<EpochMetrics> done) {
            return new Start(model, block, config, optimizer, stages, from, epoch, bestAccuracy, bestEpoch, done);
        }
    }

    /**
     * Checks, before the data is decoded, that a run may start in an output directory; {@link #fit()} checks
     * the same again. Creates nothing.
     *
     * @param output the output directory
     * @param resume whether the run is to resume
     * @return when resuming, the configuration of the newest checkpoint whose configuration reads (a resumed run
     *     takes its network from its checkpoint), else null
     * @throws java.nio.file.NoSuchFileException for the directory, if resuming and it does not exist or holds no
     *     checkpoint
     * @throws java.nio.file.FileAlreadyExistsException for the directory, if not resuming and it holds
     *     checkpoints
     * @throws IOException if another training run uses the directory, or no checkpoint's configuration reads
     */
    public static ModelConfig checkOutput(Path output, boolean resume) throws IOException {
        checkCheckpoints(output, resume);
        if (Files.isDirectory(output)) {
            OutputLock.checkFree(output);
        }
        if (!resume) {
            return null;
        }
        List<Path> all = checkpoints(output);
        IOException newest = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return ModelDirectory.readConfig(all.get(i));
            } catch (IOException e) {
                newest = newest != null ? newest : e;
            }
        }
        throw new IOException("no checkpoint in " + output.resolve(CHECKPOINTS) + " has a readable configuration: "
                + newest.getMessage(), newest);
    }

    private static void checkCheckpoints(Path output, boolean resume) throws IOException {
        if (resume && !Files.isDirectory(output)) {
            throw new NoSuchFileException(output.toString(), null, "no such directory, so no checkpoint to resume from");
        }
        Path last = latestCheckpoint(output);
        if (resume && last == null) {
            throw new NoSuchFileException(output.toString(), null, "holds no checkpoint to resume from");
        }
        if (!resume && last != null) {
            throw new FileAlreadyExistsException(output.toString(), null, "holds checkpoints already ("
                    + last.getFileName() + "): resume from them, or choose another output directory");
        }
    }

    /**
     * Trains for the remaining epochs, holding the output directory's lock all the while.
     *
     * @return every epoch's metrics, resumed ones included
     * @throws TrainingDivergedException if the loss stops being finite; nothing of that epoch is saved
     * @throws IOException if another run uses the output directory, the data does not fit the model, no
     *     checkpoint to resume from is intact, or writing fails
     */
    public List<EpochMetrics> fit() throws IOException {
        if (!train.getClasses().equals(validation.getClasses())) {
            throw new IOException("training and validation folders have different classes: "
                    + train.getClasses() + " and " + validation.getClasses());
        }
        checkCheckpoints(output, resume);
        if (startFrom != null && !resume) {
            // Before the output directory is created: a source that is not a model directory costs nothing.
            ModelDirectory.readConfig(startFrom);
        }
        Files.createDirectories(output);
        try (OutputLock lock = OutputLock.acquire(output)) {
            // Only now: the temporary files of a run that holds the lock are not leftovers.
            AtomicFiles.recoverLeftovers(output);
            AtomicFiles.recoverLeftovers(output.resolve(CHECKPOINTS));
            checkCheckpoints(output, resume);
            return fitLocked();
        }
    }

    private List<EpochMetrics> fitLocked() throws IOException {
        Device device = options.getDevice() != null
                ? options.getDevice()
                : ModelFactory.builder().build().chooseDevice().device();
        LearningRateSchedule schedule = options.newSchedule();
        Start start = resumeOrCreate(device, schedule);
        List<EpochMetrics> history = new ArrayList<>(start.history());
        Model model = start.model();
        AlexNetBlock block = start.block();
        ModelConfig config = start.config();
        MomentumSgd optimizer = start.optimizer();
        int[] shape = config.getInputShape();
        model.setBlock(start.stages().trainingView(block));
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {device})
                .optOptimizer(optimizer);
        double bestAccuracy = start.bestAccuracy();
        int bestEpoch = start.bestEpoch();
        try (model;
                Trainer trainer = model.newTrainer(trainingConfig);
                BatchLoader trainLoader = loader(train, shape, BatchLoader.Mode.TRAIN, config, device);
                BatchLoader valLoader = loader(validation, shape, BatchLoader.Mode.CENTER, config, device)) {
            EpochRunner runner = new EpochRunner(trainer, train.getClasses().size(), listeners);
            for (int epoch = start.epoch() + 1; epoch <= options.getEpochs(); epoch++) {
                EpochMetrics metrics = runEpoch(runner, trainLoader, valLoader, epoch, schedule.getLearningRate());
                // NaN is never the best: the comparison is false.
                boolean best = metrics.valAccuracy() > bestAccuracy;
                if (best) {
                    bestAccuracy = metrics.valAccuracy();
                    bestEpoch = epoch;
                }
                schedule.epochEnded(epoch, metrics.valAccuracy());
                history.add(metrics);
                writeMetrics(history);
                checkpoint(TrainingState.of(epoch, options.getSeed(), bestAccuracy, bestEpoch, schedule.exportState())
                        .withFineTuning(start.from(), start.stages()), block, config, optimizer, best);
                for (TrainingProgress listener : listeners) {
                    listener.onEpoch(metrics, schedule.getLearningRate(), best);
                }
            }
            NDArray conv1 = block.get("conv1").getParameters().get("conv.weight").getArray();
            FilterGrid.writePng(FilterGrid.draw(conv1, 6), output.resolve(FILTERS_PNG));
        }
        return history;
    }

    /**
     * Resumes from the newest intact checkpoint, or starts a new network or one from a model directory; either
     * way checks the network fits the data and, when resuming, makes {@code best/} hold the best epoch and reads
     * the metrics of the epochs done. The model is closed on failure.
     */
    private Start resumeOrCreate(Device device, LearningRateSchedule schedule) throws IOException {
        Start start = resume ? resumeFromNewestIntact(device, schedule) : newNetwork(device, schedule);
        try {
            if (start.block().getNumClasses() != train.getClasses().size()) {
                throw new IOException("the network has " + start.block().getNumClasses() + " outputs, the data "
                        + train.getClasses().size() + " classes");
            }
            if (!resume) {
                return start;
            }
            checkpoints.restoreBest(start.bestEpoch());
            return start.withHistory(readMetrics(start.epoch()));
        } catch (IOException | RuntimeException e) {
            start.model().close();
            throw e;
        }
    }

    /**
     * A new network, initialized from the run's seed; when starting from a model directory, every parameter but
     * fc8's is then replaced by the directory's.
     */
    private Start newNetwork(Device device, LearningRateSchedule schedule) throws IOException {
        ModelConfig config = requestedConfig != null ? requestedConfig
                : FineTuning.config(startFrom, train.getClasses().size());
        AlexNetBlock block = config.newBlock();
        Model model = ModelFactory.builder().optDevice(device).optSeed(options.getSeed()).build()
                .newModel(ModelDirectory.PARAMETERS_PREFIX, block, block.getInputShape(1));
        try {
            String from = null;
            if (startFrom != null) {
                FineTuning.copyExceptClassifier(startFrom, block, device);
                from = startFrom.toAbsolutePath().normalize().toString();
                logger.info("Starting from {}: every parameter but those of fc8 ({} classes, new)", startFrom,
                        config.getNumClasses());
            }
            StageSettings stages = options.getStageSettings();
            return new Start(model, block, config, newOptimizer(block, stages, schedule), stages, from, 0, -1, 0,
                    List.of());
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Freezes the frozen stages and returns the optimizer of the others, with their multipliers. */
    private MomentumSgd newOptimizer(AlexNetBlock block, StageSettings stages, LearningRateSchedule schedule) {
        stages.freeze(block);
        return MomentumSgd.builder()
                .setLearningRateTracker(schedule)
                .optMomentum(options.getMomentum())
                .optWeightDecays(options.getWeightDecay())
                .optLearningRateMultipliers(stages.multipliersById(block))
                .build();
    }

    /**
     * Loads the newest checkpoint that loads completely, naming each damaged one it skips and why, with the
     * frozen and multiplied stages it records.
     */
    private Start resumeFromNewestIntact(Device device, LearningRateSchedule schedule) throws IOException {
        List<Path> all = checkpoints(output);
        List<String> damaged = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path checkpoint = all.get(i);
            ModelDirectory loaded = null;
            TrainingState state;
            StageSettings stages;
            MomentumSgd optimizer;
            try {
                Path stateFile = checkpoint.resolve(TRAINING_STATE);
                state = TrainingState.read(stateFile);
                if (state.epoch != epochOf(checkpoint)) {
                    throw new IOException(stateFile + " is not valid: it says epoch " + state.epoch);
                }
                // Every attempt replaces the whole schedule state, so a damaged checkpoint's leaves nothing.
                state.restore(schedule, stateFile);
                stages = state.stageSettings(stateFile);
                loaded = Checkpoints.load(checkpoint, device);
                optimizer = newOptimizer(loaded.getBlock(), stages, schedule);
                Checkpoints.importOptimizerState(checkpoint, loaded, optimizer);
            } catch (IOException | RuntimeException e) {
                if (loaded != null) {
                    loaded.close();
                }
                String reason = Checkpoints.describe(e);
                logger.warn("Checkpoint {} is damaged, trying an older one: {}", checkpoint, reason);
                for (TrainingProgress listener : listeners) {
                    listener.onCheckpointSkipped(checkpoint, reason);
                }
                damaged.add(checkpoint.getFileName() + ": " + reason);
                continue;
            }
            if (!loaded.getClasses().equals(train.getClasses())) {
                loaded.close();
                throw new IOException("the checkpoint " + checkpoint + " was trained on classes "
                        + loaded.getClasses() + ", the data has " + train.getClasses());
            }
            StageSettings requested = options.getStageSettings();
            if (!requested.isEmpty() && !requested.equals(stages)) {
                loaded.close();
                throw new IOException("the checkpoint " + checkpoint + " was trained with " + stages.describe()
                        + ", the options ask for " + requested.describe() + ": resume with the checkpoint's"
                        + " settings, or start a new run from its model");
            }
            logger.info("Resuming from {} (epoch {}, learning rate {}{})", checkpoint, state.epoch,
                    schedule.getLearningRate(), stages.isEmpty() ? "" : "; " + stages.describe());
            String from = state.fineTuning == null ? null : state.fineTuning.from;
            return new Start(loaded.getModel(), loaded.getBlock(), loaded.getConfig(), optimizer, stages, from,
                    state.epoch, state.best, state.bestEpoch, List.of());
        }
        throw new IOException("no intact checkpoint to resume from in " + output.resolve(CHECKPOINTS) + " ("
                + String.join("; ", damaged) + ")");
    }

    /** Trains one epoch and validates it, with the engine's generator seeded for the epoch's dropout masks. */
    private EpochMetrics runEpoch(EpochRunner runner, BatchLoader trainLoader, BatchLoader valLoader, int epoch,
            float learningRate) throws TrainingDivergedException {
        Engine.getEngine(ModelFactory.ENGINE).setRandomSeed(Seeds.dropout(options.getSeed(), epoch));
        EpochRunner.Trained trained = runner.train(trainLoader, epoch, learningRate);
        EpochRunner.Validated validated = runner.validate(valLoader, epoch, learningRate);
        return new EpochMetrics(epoch, trained.loss(), trained.accuracy(), validated.loss(), validated.top1(),
                validated.top5(), trained.imagesPerSecond());
    }

    /**
     * Saves the epoch's checkpoint, then, if the epoch is the best, copies it to {@code best/}; only then are
     * older checkpoints deleted.
     */
    private void checkpoint(TrainingState state, AlexNetBlock block, ModelConfig config, MomentumSgd optimizer,
            boolean best) throws IOException {
        Path saved = checkpoints.save(state.epoch, block, config, train.getClasses(), optimizer, state);
        if (best) {
            checkpoints.publishBest(saved);
        }
        checkpoints.prune(options.getKeepCheckpoints());
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

    private void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(m.toCsv()).append('\n');
        }
        AtomicFiles.writeString(output.resolve(METRICS_CSV), csv.toString());
        for (TrainingProgress listener : listeners) {
            listener.onHistory(List.copyOf(history));
        }
    }

    /** The metrics of the epochs a resumed run has done; rows of later epochs (trained again) are dropped. */
    private List<EpochMetrics> readMetrics(int epochs) throws IOException {
        Path csv = output.resolve(METRICS_CSV);
        List<EpochMetrics> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                EpochMetrics m;
                try {
                    m = EpochMetrics.fromCsv(line);
                } catch (IllegalArgumentException e) {
                    throw new IOException(csv + ": " + e.getMessage(), e);
                }
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
        return Checkpoints.list(output);
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

    static int epochOf(Path checkpoint) {
        return Checkpoints.epochOf(checkpoint);
    }

    /** Builds a {@link ClassifierTrainer}. */
    public static final class Builder {

        private ModelConfig config;
        private Path startFrom;
        private DecodedImages train;
        private DecodedImages validation;
        private Path output;
        private TrainingOptions options = TrainingOptions.builder().build();
        private final List<TrainingProgress> listeners = new ArrayList<>();
        private boolean resume;

        private Builder() {}

        /**
         * Sets the network to train (ignored when resuming: the checkpoint's configuration is used). Required
         * unless the run starts from a model directory, whose configuration is then the default ({@link
         * FineTuning#config(Path, int)}).
         *
         * @param config the network's configuration; its classes must match the data's
         * @return this builder
         */
        public Builder setConfig(ModelConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Starts from a model directory instead of a new network (ignored when resuming: the checkpoint holds
         * the network): every parameter is the directory's but fc8's, which gets as many outputs as the data has
         * classes and starts small (weights from N(0, 0.01), biases zero). The network to train is the directory's with the
         * data's number of classes unless {@link #setConfig} sets another, which must have the directory's
         * variant and parameter shapes.
         *
         * @param modelDirectory an imported model, a run's {@code best/} or a checkpoint
         * @return this builder
         */
        public Builder optStartFrom(Path modelDirectory) {
            this.startFrom = modelDirectory;
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
         * Adds a listener for progress; each hears every event, in the order they were added.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder addListener(TrainingProgress listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
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
         * @throws IllegalArgumentException if something is not set, the data has fewer than 2 classes or a class
         *     name that cannot be saved, or the configuration's class count is not the data's
         */
        public ClassifierTrainer build() {
            if ((config == null && startFrom == null) || train == null || validation == null || output == null) {
                throw new IllegalArgumentException("config (or a model directory to start from), data and output"
                        + " must be set");
            }
            List<String> classes = train.getClasses();
            if (classes.size() < 2) {
                // One class gives a zero gradient everywhere: nothing to learn.
                throw new IllegalArgumentException("a classifier needs at least 2 classes, the training data has "
                        + classes.size() + (classes.isEmpty() ? "" : " (" + classes.get(0) + ")"));
            }
            ModelDirectory.checkClassNames(classes);
            if (config != null && config.getNumClasses() != train.getClasses().size()) {
                throw new IllegalArgumentException("the configuration has " + config.getNumClasses()
                        + " classes, the data " + train.getClasses().size());
            }
            return new ClassifierTrainer(this);
        }
    }
}
