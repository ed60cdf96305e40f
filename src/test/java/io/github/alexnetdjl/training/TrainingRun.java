package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
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
        return TrainingOptions.builder().optEpochs(epochs).optBatchSize(8).optLearningRate(0.05f)
                .optPcaSigma(0.1f).optPlateau(0.1f, 1, 3).optDevice(Device.cpu()).optSeed(5).build();
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
        ModelConfig config = tinyConfig();
        DecodedImages train = DecodedImages.decode(ImageFolder.scan(data.resolve("train")), config.getResize(), 64);
        DecodedImages val = DecodedImages.decode(ImageFolder.scan(data.resolve("val")), config.getResize(), 64);
        List<EpochMetrics> history = ClassifierTrainer.builder().setConfig(config).setData(train, val)
                .setOutput(out).optOptions(tinyOptions(epochs)).optResume(resume)
                .optListener(new TrainingListener() {
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
