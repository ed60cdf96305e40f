package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A training run of the tiny test network, as a main class for a child JVM: {@code DATA OUT EPOCHS
 * resume|new}. Prints one line per epoch and one per saved parameter of the last checkpoint, so that runs
 * in different processes can be compared as text.
 *
 * <p>It collects garbage after every batch: native memory that an unreachable Java object owns is then
 * freed while the run goes on, so a tensor still using it corrupts the heap in the first epochs instead of
 * by chance, hours later.
 */
public final class TrainingRun {

    private TrainingRun() {}

    /**
     * The tiny network the training tests use.
     *
     * @return its configuration, 3 classes of 64x64 images
     */
    static ModelConfig tinyConfig() {
        return ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
    }

    /**
     * The recipe the training tests use: exact, small and fast.
     *
     * @param epochs the epochs to train in all
     * @return the options
     */
    static TrainingOptions tinyOptions(int epochs) {
        return tinyOptions(epochs, 0.05f);
    }

    /**
     * The recipe the training tests use, with another learning rate.
     *
     * @param epochs the epochs to train in all
     * @param learningRate the starting learning rate
     * @return the options
     */
    static TrainingOptions tinyOptions(int epochs, float learningRate) {
        return TrainingOptions.builder().optEpochs(epochs).optBatchSize(8).optLearningRate(learningRate)
                .optPcaSigma(0.1f).optPlateau(0.1f, 1, 3).optDevice(Device.cpu()).optSeed(5).build();
    }

    /**
     * Generates the tiny data set the training tests use.
     *
     * @param dir where it goes
     * @return the folder holding train/ and val/: 3 classes, 8 training and 4 validation images each
     * @throws IOException if writing fails
     */
    static Path tinyData(Path dir) throws IOException {
        return SyntheticImages.builder().optNumClasses(3).optImagesPerClass(8, 4).optSize(72).build().generate(dir);
    }

    /**
     * Decodes a data folder's train/ and val/ for the tiny network.
     *
     * @param root the folder
     * @return training and validation images
     * @throws IOException if reading fails
     */
    static DecodedImages[] decode(Path root) throws IOException {
        ModelConfig config = tinyConfig();
        return new DecodedImages[] {
            DecodedImages.decode(ImageFolder.scan(root.resolve("train")), config.getResize(), 64),
            DecodedImages.decode(ImageFolder.scan(root.resolve("val")), config.getResize(), 64)
        };
    }

    /**
     * Returns a trainer of the tiny network.
     *
     * @param data training and validation images
     * @param out the output directory
     * @param options the recipe
     * @param resume whether to resume
     * @return the builder, to add a listener to or build
     */
    static ClassifierTrainer.Builder trainer(DecodedImages[] data, Path out, TrainingOptions options, boolean resume) {
        return ClassifierTrainer.builder().setConfig(tinyConfig()).setData(data[0], data[1]).setOutput(out)
                .optOptions(options).optResume(resume);
    }

    /**
     * Trains and prints the result.
     *
     * @param args data folder (with train/ and val/), output folder, epochs, "resume" or "new"
     * @throws Exception if training fails
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = Integer.parseInt(args[2]);
        boolean resume = args[3].equals("resume");
        List<EpochMetrics> history = trainer(decode(data), out, tinyOptions(epochs), resume)
                .addListener(new TrainingProgress() {
                    @Override
                    public void onBatch(int epoch, int images, int total, double speed, double loss, double acc) {
                        System.gc();
                    }
                })
                .build().fit();
        for (EpochMetrics m : history) {
            System.out.printf(Locale.ROOT, "epoch %d train %.6f val %.6f%n", m.epoch(), m.trainLoss(), m.valLoss());
        }
        try (ModelDirectory last = ModelDirectory.load(ClassifierTrainer.latestCheckpoint(out), Device.cpu())) {
            for (Pair<String, Parameter> p : last.getBlock().getParameters()) {
                double sum = 0;
                for (float v : p.getValue().getArray().toFloatArray()) {
                    sum += Math.abs(v);
                }
                System.out.printf(Locale.ROOT, "%s %.6e%n", p.getKey(), sum);
            }
        }
    }
}
