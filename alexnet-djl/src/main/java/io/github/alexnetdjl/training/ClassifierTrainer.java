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
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.DeviceNormalization;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.engine.Seeds;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.NDListFile;
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
import java.util.Objects;
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

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-(\\d{4,})");
    private static final Logger logger = LoggerFactory.getLogger(ClassifierTrainer.class);

    private final ModelConfig requestedConfig;
    private final DecodedImages train;
    private final DecodedImages validation;
    private final Path output;
    private final TrainingOptions options;
    private final List<TrainingProgress> listeners;
    private final boolean resume;

    private ClassifierTrainer(Builder b) {
        requestedConfig = b.config;
        train = b.train;
        validation = b.validation;
        output = b.output;
        options = b.options;
        listeners = List.copyOf(b.listeners);
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

    /** Where a run starts: a new network, or a checkpoint's. */
    private record Start(Model model, AlexNetBlock block, ModelConfig config, int epoch, int bestEpoch) {}

    /**
     * Checks, before the data is decoded, that a run may start in an output directory; {@link #fit()} checks
     * the same again. Creates nothing.
     *
     * @param output the output directory
     * @param resume whether the run is to resume
     * @return when resuming, the configuration of the newest checkpoint whose configuration reads (a resumed run
     *     takes its network from its checkpoint), else null
     * @throws IOException if another training run uses the directory; if resuming and it does not exist or holds
     *     no checkpoint; if not resuming and it holds checkpoints
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
            throw new IOException("resume was asked for but " + output + " does not exist");
        }
        Path last = latestCheckpoint(output);
        if (resume && last == null) {
            throw new IOException("resume was asked for but " + output + " holds no checkpoint");
        }
        if (!resume && last != null) {
            throw new IOException(output + " holds checkpoints already (" + last.getFileName()
                    + "): resume from them, or choose another output directory");
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
        PlateauSchedule schedule = new PlateauSchedule(options.getLearningRate(), options.getLearningRateFactor(),
                options.getPatience(), options.getMaxReductions());
        MomentumSgd optimizer = MomentumSgd.builder()
                .setLearningRateTracker(schedule)
                .optMomentum(options.getMomentum())
                .optWeightDecays(options.getWeightDecay())
                .build();
        Start start = resume ? resumeFromNewestIntact(device, schedule, optimizer) : newNetwork(device);
        Model model = start.model();
        AlexNetBlock block = start.block();
        ModelConfig config = start.config();
        int bestEpoch = start.bestEpoch();
        List<EpochMetrics> history = new ArrayList<>();
        try {
            if (block.getNumClasses() != train.getClasses().size()) {
                throw new IOException("the network has " + block.getNumClasses() + " outputs, the data "
                        + train.getClasses().size() + " classes");
            }
            if (resume) {
                restoreBest(bestEpoch);
                history.addAll(readMetrics(output.resolve(METRICS_CSV), start.epoch()));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        int[] shape = config.getInputShape();
        model.setBlock(block.logits());
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {device})
                .optOptimizer(optimizer);
        try (model;
                Trainer trainer = model.newTrainer(trainingConfig);
                BatchLoader trainLoader = loader(train, shape, BatchLoader.Mode.TRAIN, config, device);
                BatchLoader valLoader = loader(validation, shape, BatchLoader.Mode.CENTER, config, device)) {
            for (int epoch = start.epoch() + 1; epoch <= options.getEpochs(); epoch++) {
                Engine.getEngine(ModelFactory.ENGINE).setRandomSeed(Seeds.dropout(options.getSeed(), epoch));
                float learningRate = schedule.getLearningRate();
                double[] trained = trainEpoch(trainer, trainLoader, epoch, learningRate);
                double[] validated = validate(trainer, valLoader, epoch, learningRate);
                boolean best = schedule.epochEnded(validated[1]);
                if (best) {
                    bestEpoch = epoch;
                }
                EpochMetrics metrics = new EpochMetrics(epoch, trained[0], trained[1], validated[0], validated[1],
                        validated[2], trained[2]);
                history.add(metrics);
                writeMetrics(history);
                Path checkpoint = saveCheckpoint(epoch, block, config, optimizer, schedule, bestEpoch);
                if (best) {
                    publishBest(checkpoint);
                }
                pruneCheckpoints();
                for (TrainingProgress listener : listeners) {
                    listener.onEpoch(metrics, schedule.getLearningRate(), best);
                }
            }
            NDArray conv1 = block.get("conv1").getParameters().get("conv.weight").getArray();
            FilterGrid.writePng(FilterGrid.draw(conv1, 6), output.resolve(FILTERS_PNG));
        }
        return history;
    }

    private Start newNetwork(Device device) {
        AlexNetBlock block = requestedConfig.newBlock();
        Model model = ModelFactory.builder().optDevice(device).optSeed(options.getSeed()).build()
                .newModel(ModelDirectory.PARAMETERS_PREFIX, block, block.getInputShape(1));
        return new Start(model, block, requestedConfig, 0, 0);
    }

    /** Loads the newest checkpoint that loads completely, naming each damaged one it skips and why. */
    private Start resumeFromNewestIntact(Device device, PlateauSchedule schedule, MomentumSgd optimizer)
            throws IOException {
        List<Path> all = checkpoints(output);
        List<String> damaged = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path checkpoint = all.get(i);
            ModelDirectory loaded;
            TrainingState state;
            try {
                state = TrainingState.read(checkpoint.resolve(TRAINING_STATE));
                if (state.epoch != epochOf(checkpoint)) {
                    throw new IOException(checkpoint.resolve(TRAINING_STATE) + " is not valid: it says epoch "
                            + state.epoch);
                }
                loaded = loadWithOptimizerState(checkpoint, device, optimizer);
            } catch (IOException | RuntimeException e) {
                String reason = describe(e);
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
            schedule.setState(state.schedule());
            logger.info("Resuming from {} (epoch {}, learning rate {})", checkpoint, state.epoch,
                    schedule.getLearningRate());
            return new Start(loaded.getModel(), loaded.getBlock(), loaded.getConfig(), state.epoch, state.bestEpoch);
        }
        throw new IOException("no intact checkpoint to resume from in " + output.resolve(CHECKPOINTS) + " ("
                + String.join("; ", damaged) + ")");
    }

    /** Loads a checkpoint's model and restores its momentum into the optimizer, which is untouched on failure. */
    private static ModelDirectory loadWithOptimizerState(Path checkpoint, Device device, MomentumSgd optimizer)
            throws IOException {
        ModelDirectory loaded;
        try {
            loaded = ModelDirectory.load(checkpoint, device);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IOException("the model does not load: " + describe(e), e);
        }
        Path file = checkpoint.resolve(OPTIMIZER_STATE);
        try (NDManager manager = NDManager.newBaseManager(device);
                InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDListFile.check(file, loaded.getBlock().getParameters().size());
            NDList velocities = NDList.decode(manager, in);
            optimizer.importState(loaded.getBlock().getParameters(), velocities);
            return loaded;
        } catch (IllegalArgumentException e) {
            loaded.close();
            String why = e.getCause() != null ? describe(e) + ": " + describe(e.getCause()) : describe(e);
            throw new IOException(file + " is not a readable optimizer state (" + why + ")", e);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Returns an exception's message, or its class's name when it has none (an EOFException). */
    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Makes {@code best/} the model of the epoch the checkpoint names as best: a run killed after a checkpoint
     * and before its copy to {@code best/} finished left the older best model there, or none.
     */
    private void restoreBest(int bestEpoch) throws IOException {
        if (bestEpoch == 0 || bestEpochOf(output.resolve(BEST)) == bestEpoch) {
            return;
        }
        for (Path checkpoint : checkpoints(output)) {
            if (epochOf(checkpoint) == bestEpoch) {
                publishBest(checkpoint);
                logger.info("Restored {} from {}", output.resolve(BEST), checkpoint);
                return;
            }
        }
    }

    /** Returns the epoch a best model was saved in, or -1 if that is unknown. */
    private static int bestEpochOf(Path best) {
        try {
            return TrainingState.read(best.resolve(TRAINING_STATE)).epoch;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Replaces {@code best/} with a copy of a complete checkpoint's model and training state. */
    private void publishBest(Path checkpoint) throws IOException {
        Path target = output.resolve(BEST);
        Path temp = AtomicFiles.newTempDirectory(target);
        try {
            try (Stream<Path> files = Files.list(checkpoint)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (!file.getFileName().toString().equals(OPTIMIZER_STATE)) {
                        Files.copy(file, temp.resolve(file.getFileName()));
                    }
                }
            }
            AtomicFiles.replaceDirectory(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
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
    private double[] trainEpoch(Trainer trainer, BatchLoader loader, int epoch, float learningRate)
            throws TrainingDivergedException {
        long start = System.nanoTime();
        double lossSum = 0;
        TopKCounter hits = new TopKCounter(train.getClasses().size());
        int step = 0;
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
                step++;
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(String.format(Locale.ROOT,
                            "training diverged in epoch %d at step %d: the loss is %s at learning rate %s; the run"
                                    + " stopped without saving this epoch. Try a lower learning rate",
                            epoch, step, loss, learningRate), epoch, step);
                }
                trainer.step();
                lossSum += (double) loss * batch.images();
                hits.add(logits, batch.labels());
            }
            int seen = hits.images();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TrainingProgress listener : listeners) {
                listener.onBatch(epoch, seen, loader.size(), seen / seconds, lossSum / seen, hits.top1Accuracy());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {lossSum / hits.images(), hits.top1Accuracy(), hits.images() / seconds};
    }

    /** Returns mean loss, top-1 accuracy, top-5 accuracy on center crops. */
    private double[] validate(Trainer trainer, BatchLoader loader, int epoch, float learningRate)
            throws TrainingDivergedException {
        double lossSum = 0;
        TopKCounter hits = new TopKCounter(validation.getClasses().size());
        for (Iterator<BatchLoader.HostBatch> it = loader.epoch(0); it.hasNext(); ) {
            BatchLoader.HostBatch batch = it.next();
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList xy = batch.toNDList(manager);
                NDList predictions = trainer.evaluate(new NDList(xy.get(0)));
                lossSum += (double) trainer.getLoss().evaluate(new NDList(xy.get(1)), predictions).getFloat() * batch.images();
                hits.add(predictions.singletonOrThrow().toFloatArray(), batch.labels());
            }
        }
        if (!Double.isFinite(lossSum)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "training diverged in epoch %d: the validation loss is %s at learning rate %s; the run stopped"
                            + " without saving this epoch. Try a lower learning rate",
                    epoch, lossSum / hits.images(), learningRate), epoch, 0);
        }
        return new double[] {lossSum / hits.images(), hits.top1Accuracy(), hits.top5Accuracy()};
    }

    private Path saveCheckpoint(int epoch, AlexNetBlock block, ModelConfig config, MomentumSgd optimizer,
            PlateauSchedule schedule, int bestEpoch) throws IOException {
        TrainingState state = TrainingState.of(epoch, options.getSeed(), schedule.getState(), bestEpoch);
        Path dir = output.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d", epoch));
        ModelDirectory.save(dir, block, config, train.getClasses(), tmp -> {
            Files.writeString(tmp.resolve(TRAINING_STATE), state.toJson(), StandardCharsets.UTF_8);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                // Streamed: the full network's momentum buffers are 250 MB, which encode() would first
                // gather in a byte array of the heap (and twice that while the array grows).
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER_STATE)))) {
                    optimizer.exportState(block.getParameters(), manager).encode(out);
                }
            }
        });
        return dir;
    }

    /** Deletes all but the newest checkpoints; only after the best model was copied from the newest. */
    private void pruneCheckpoints() throws IOException {
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
        for (TrainingProgress listener : listeners) {
            listener.onHistory(List.copyOf(history));
        }
    }

    private static List<EpochMetrics> readMetrics(Path csv, int epochs) throws IOException {
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

    static int epochOf(Path checkpoint) {
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
        private final List<TrainingProgress> listeners = new ArrayList<>();
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
            if (config == null || train == null || validation == null || output == null) {
                throw new IllegalArgumentException("config, data and output must be set");
            }
            List<String> classes = train.getClasses();
            if (classes.size() < 2) {
                // One class gives a zero gradient everywhere: nothing to learn.
                throw new IllegalArgumentException("a classifier needs at least 2 classes, the training data has "
                        + classes.size() + (classes.isEmpty() ? "" : " (" + classes.get(0) + ")"));
            }
            ModelDirectory.checkClassNames(classes);
            if (config.getNumClasses() != train.getClasses().size()) {
                throw new IllegalArgumentException("the configuration has " + config.getNumClasses()
                        + " classes, the data " + train.getClasses().size());
            }
            return new ClassifierTrainer(this);
        }
    }
}
