package io.github.alexnetdjl.cli;

import ai.djl.Device;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.training.ClassifierTrainer;
import io.github.alexnetdjl.training.EpochMetrics;
import io.github.alexnetdjl.training.FineTuning;
import io.github.alexnetdjl.training.TrainingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Trains AlexNet on an image folder, or on the built-in synthetic shapes when no folder is given. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains AlexNet with the paper's recipe on an image folder (one sub-folder",
            "per class): SGD with momentum 0.9 and weight decay 5e-4, batch 128,",
            "learning rate 0.01 divided by 10 on validation plateaus, at most 3 times.",
            "",
            "Without --data it trains a demo on 8 classes of synthetic coloured shapes",
            "(generated once into runs/synthetic-data) with a small input (64x64), a",
            "narrow network (filters 16,32,48,48,32, dense 128,128), batch 32, lr 0.02",
            "and 12 epochs: about 15 seconds on 2 CPU cores, far above the 12.5%% of",
            "chance.",
            "",
            "Fine-tuning: --from DIR starts from a model directory (an import, or a",
            "run's best/): every layer is loaded but fc8, which is replaced to fit the",
            "data's classes; the network and its preprocessing come from DIR. --freeze",
            "keeps stages as they are (e.g. features, conv1..conv3) and --lr-mult gives",
            "stages their own learning rate (e.g. fc8=10); a smaller --lr such as",
            "0.001 suits a network that has learned already.",
            "",
            "Writes into --out: checkpoints/epoch-NNNN/ after every epoch, best/ (the",
            "model for evaluate and predict), metrics.csv, metrics.png and, at the end,",
            "conv1-filters.png. One run at a time per --out: a second one is refused.",
            "A loss that becomes NaN or infinite stops the run (try a lower --lr).",
            "See docs/training.md.",
            ""
        })
final class TrainCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    private ProgressBar progress;

    @Option(names = "--data", paramLabel = "DIR", description = "Training image folder (default: the synthetic demo).")
    private Path data;

    @Option(names = "--val", paramLabel = "DIR",
            description = "Validation image folder (default: a seeded --val-fraction of --data).")
    private Path val;

    @Option(names = "--val-fraction", paramLabel = "X", defaultValue = "0.2",
            description = "Share of each class held out for validation when --val is absent (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--variant", paramLabel = "NAME", completionCandidates = Variants.class,
            description = "Network variant, one of: ${COMPLETION-CANDIDATES} (default: seed).")
    private String variant;

    @Option(names = "--from", paramLabel = "DIR",
            description = "Fine-tune: start from this model directory (an import, a run's best/); every layer but fc8"
                    + " is loaded, and its network, input size and normalization are kept.")
    private Path from;

    @Option(names = "--freeze", split = ",", paramLabel = "STAGES",
            description = "Stages whose weights stay as they are: names, ranges or features (conv1..conv5), e.g."
                    + " conv1..conv3,fc6. Their BatchNorm keeps its statistics. Not fc8.")
    private List<String> freeze = new ArrayList<>();

    @Option(names = "--lr-mult", split = ",", paramLabel = "STAGES=X",
            description = "Learning-rate factors of stages, e.g. fc8=10 or features=0.1,fc8=10 (default: 1);"
                    + " the last one given for a stage counts.")
    private Map<String, Float> lrMult = new LinkedHashMap<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs in all, resumed ones included (default: 90; demo 12).")
    private Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per batch (default: 128; demo 32).")
    private Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "Starting learning rate (default: 0.01; demo 0.02).")
    private Float learningRate;

    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    private float momentum;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "5e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    private float weightDecay;

    @Option(names = "--lr-factor", paramLabel = "X", defaultValue = "0.1",
            description = "Learning-rate factor on a plateau (default: ${DEFAULT-VALUE}).")
    private float lrFactor;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "2",
            description = "Epochs without a better validation accuracy that make a plateau (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--max-reductions", paramLabel = "N", defaultValue = "3",
            description = "How often the learning rate may be reduced (default: ${DEFAULT-VALUE}).")
    private int maxReductions;

    @Option(names = "--pca-sigma", paramLabel = "X", defaultValue = "0",
            description = "PCA colour augmentation's sigma; the paper's is 0.1 (default: ${DEFAULT-VALUE}, off).")
    private float pcaSigma;

    @Option(names = "--image-size", paramLabel = "N", description = "Input side in pixels; images are resized to 256/224 of it"
            + " before cropping (default: 224; demo 64; with --from, the model's size and ratio).")
    private Integer imageSize;

    @Option(names = "--filters", split = ",", paramLabel = "N",
            description = "conv1..conv5 filter counts (default: the variant's; demo 16,32,48,48,32).")
    private int[] filters;

    @Option(names = "--dense-units", split = ",", paramLabel = "N",
            description = "fc6,fc7 widths (default: the variant's; demo 128,128).")
    private int[] denseUnits;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of initialization, split, shuffling, augmentation and dropout (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/train-<date>-<time>).")
    private Path out;

    @Option(names = "--resume", description = "Continue from the newest intact checkpoint in --out, with the frozen"
            + " stages and learning-rate factors it was trained with.")
    private boolean resume;

    @Option(names = "--cpu", description = "Train on the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", description = "GPUs to train on (default: ${DEFAULT-VALUE}).")
    private int gpus;

    @Option(names = "--loader-threads", paramLabel = "N",
            description = "Threads that decode and augment batches while the network trains (default: one per core).")
    private Integer loaderThreads;

    /** The variant names {@link ModelConfig} can rebuild, for the help text. */
    static final class Variants implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelConfig.VARIANTS.iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (gpus > 1) {
            throw new ParameterException(spec.commandLine(), "--gpus " + gpus + ": multi-GPU training is not supported."
                    + " DJL 0.25's multi-device trainer sums the devices' gradients (an effective learning rate"
                    + " N times too large) and advances the learning-rate schedule once per device (djl issue 2459),"
                    + " which would silently change the recipe. Train on one GPU.");
        }
        if (gpus < 1) {
            throw new ParameterException(spec.commandLine(), "--gpus must be at least 1, got " + gpus);
        }
        if (resume && out == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs --out: the run's output directory");
        }
        boolean demo = data == null;
        if (demo && val != null) {
            throw new ParameterException(spec.commandLine(), "--val needs --data");
        }
        if (from != null) {
            refuseWithFrom("--variant", variant != null);
            refuseWithFrom("--filters", filters != null);
            refuseWithFrom("--dense-units", denseUnits != null);
        }
        checkStages("--freeze " + String.join(",", freeze), b -> b.optFreeze(freeze.toArray(String[]::new)));
        checkStages("--lr-mult", b -> lrMult.forEach(b::optLearningRateMultiplier));
        checkStages("--freeze and --lr-mult", this::stages);
        try {
            return train(demo, err);
        } finally {
            // A failure's one line (printed by the command line's handler) starts on a line of its own.
            if (progress != null) {
                progress.endLine();
            }
        }
    }

    /** Sets the frozen and multiplied stages on the options. */
    private TrainingOptions.Builder stages(TrainingOptions.Builder options) {
        options.optFreeze(freeze.toArray(String[]::new));
        lrMult.forEach(options::optLearningRateMultiplier);
        return options;
    }

    /** Refuses stage settings the library refuses, naming the options, before anything else happens. */
    private void checkStages(String options, Consumer<TrainingOptions.Builder> settings) {
        TrainingOptions.Builder builder = TrainingOptions.builder();
        settings.accept(builder);
        try {
            builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), options + ": " + e.getMessage());
        }
    }

    private void refuseWithFrom(String option, boolean given) {
        if (given) {
            throw new ParameterException(spec.commandLine(), option + ": with --from the network is the one in "
                    + from + "; drop " + option);
        }
    }

    private int train(boolean demo, PrintWriter err) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Path output = out != null ? out
                : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        // Before any data is generated or decoded: a refused run should cost nothing and create nothing.
        ModelConfig resumedConfig;
        try {
            resumedConfig = ClassifierTrainer.checkOutput(output, resume);
        } catch (FileAlreadyExistsException e) {
            // The library advises resuming in its own words; the command line has a flag for it.
            throw new FileAlreadyExistsException(e.getFile(), null,
                    "holds the checkpoints of an earlier run: add --resume to continue it, or choose another --out");
        }
        ModelConfig.Builder config = (demo ? ModelConfig.demoBuilder() : ModelConfig.builder())
                .optVariant(variant != null ? variant : "seed");
        if (from != null && resumedConfig == null) {
            // Not a model directory: one clear error before any data is generated or decoded.
            ModelDirectory.readConfig(from);
        }
        if (imageSize != null) {
            config.optInputShape(3, imageSize, imageSize);
        }
        if (filters != null) {
            config.optFilters(filters);
        }
        if (denseUnits != null) {
            if (denseUnits.length != 2) {
                throw new IllegalArgumentException("--dense-units needs 2 values (fc6,fc7), got " + denseUnits.length);
            }
            config.optDenseUnits(denseUnits[0], denseUnits[1]);
        }
        Path trainDir = data;
        Path valDir = val;
        if (demo) {
            Path root = SyntheticImages.builder().optSeed(seed).build().generate(Path.of("runs", "synthetic-data"));
            trainDir = root.resolve("train");
            valDir = root.resolve("val");
            stdout.printf("Demo: synthetic shapes in %s (8 classes, 100 training and 25 validation images each)%n", root);
        }
        ImageFolder trainFolder = ImageFolder.scan(trainDir);
        ImageFolder valFolder;
        if (valDir != null) {
            valFolder = ImageFolder.scan(valDir);
        } else {
            ImageFolder[] parts = trainFolder.split(valFraction, seed);
            trainFolder = parts[0];
            valFolder = parts[1];
        }
        int numClasses = trainFolder.getClasses().size();
        ModelConfig modelConfig;
        if (resumedConfig != null) {
            modelConfig = resumedConfig;
        } else if (from != null) {
            modelConfig = imageSize != null ? FineTuning.config(from, numClasses, imageSize)
                    : FineTuning.config(from, numClasses);
        } else {
            modelConfig = config.optNumClasses(numClasses).build();
        }
        modelConfig.newBlock(); // input too small for the network: one clear error before decoding
        int[] shape = modelConfig.getInputShape();
        int minSide = Math.min(shape[1], shape[2]);
        stdout.printf("Decoding %d training and %d validation images (shorter side to %d pixels)...%n",
                trainFolder.getSamples().size(), valFolder.getSamples().size(), modelConfig.getResize());
        stdout.flush();
        DecodedImages trainImages = DecodedImages.decode(trainFolder, modelConfig.getResize(), minSide);
        DecodedImages valImages = DecodedImages.decode(valFolder, modelConfig.getResize(), minSide);
        TrainingOptions.Builder options = (demo ? TrainingOptions.demo() : TrainingOptions.paper()).toBuilder()
                .optMomentum(momentum)
                .optWeightDecay(weightDecay)
                .optPlateau(lrFactor, patience, maxReductions)
                .optPcaSigma(pcaSigma)
                .optSeed(seed);
        if (epochs != null) {
            options.optEpochs(epochs);
        }
        if (batchSize != null) {
            options.optBatchSize(batchSize);
        }
        if (learningRate != null) {
            options.optLearningRate(learningRate);
        }
        if (cpu) {
            options.optDevice(Device.cpu());
        }
        if (loaderThreads != null) {
            options.optLoaderThreads(loaderThreads);
        }
        stages(options);
        TrainingOptions recipe = options.build();
        stdout.printf(Locale.ROOT, "Training %s on %d classes, input %dx%d, %d epochs, batch %d, lr %s -> %s%n",
                modelConfig.getVariant(), modelConfig.getNumClasses(), shape[1], shape[2], recipe.getEpochs(),
                recipe.getBatchSize(), recipe.getLearningRate(), output);
        if (from != null && !resume) {
            stdout.printf("Starting from %s: every layer but fc8, which is new for the %d classes%n", from,
                    modelConfig.getNumClasses());
        }
        // A resumed run takes these from its checkpoint, which the trainer names.
        if (!recipe.getFrozenStages().isEmpty() && !resume) {
            stdout.printf("Frozen: %s%n", String.join(", ", recipe.getFrozenStages()));
        }
        if (!recipe.getLearningRateMultipliers().isEmpty() && !resume) {
            stdout.printf(Locale.ROOT, "Learning-rate multipliers: %s%n", recipe.getLearningRateMultipliers());
        }
        stdout.flush();
        progress = new ProgressBar(err, recipe.getEpochs());
        List<EpochMetrics> history = ClassifierTrainer.builder()
                .setConfig(modelConfig)
                .optStartFrom(from)
                .setData(trainImages, valImages)
                .setOutput(output)
                .optOptions(recipe)
                .optResume(resume)
                .addListener(progress)
                .addListener(new MetricsChart(output))
                .build()
                .fit();
        double best = history.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElse(Double.NaN);
        Path bestModel = output.resolve(ClassifierTrainer.BEST);
        if (!Files.isDirectory(bestModel)) {
            stdout.printf(Locale.ROOT, "Best validation accuracy %.1f%% (chance %.1f%%). No model was saved in %s%n",
                    100 * best, 100.0 / modelConfig.getNumClasses(), bestModel);
            stdout.flush();
            return 0;
        }
        stdout.printf(Locale.ROOT, "Best validation accuracy %.1f%% (chance %.1f%%). Model: %s%n", 100 * best,
                100.0 / modelConfig.getNumClasses(), bestModel);
        if (valDir != null) {
            stdout.printf("Try: ./alexnet evaluate --model %s --data %s%n", bestModel, valDir);
        } else {
            // The held-out share lives inside the training folder: evaluating on that folder would mostly
            // measure images the model was trained on.
            stdout.printf(Locale.ROOT, "Try: ./alexnet evaluate --model %s --data DIR, with DIR a folder of images"
                    + " the model was not trained on (its validation images were a %.0f%% share of %s)%n", bestModel,
                    100 * valFraction, trainDir);
        }
        stdout.flush();
        return 0;
    }
}
