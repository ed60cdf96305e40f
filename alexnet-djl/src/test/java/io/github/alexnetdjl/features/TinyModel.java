package io.github.alexnetdjl.features;

import ai.djl.Device;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.InferenceOptions;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test fixture: a tiny random model directory (BatchNorm far from the identity) and a few synthetic images. */
public final class TinyModel {

    /** 3 classes of 64x64 images, a few filters and units per stage. */
    public static final ModelConfig CONFIG = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
            .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();

    /** The classes, in output order. */
    public static final List<String> CLASSES = List.of("circle", "cross", "ring");

    private TinyModel() {}

    /**
     * Saves a tiny random model.
     *
     * @param dir the model directory to write
     * @param seed the seed of the parameters
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    public static Path save(Path dir, long seed) throws IOException {
        try (AlexNet alexnet = AlexNet.build(CONFIG.newBlock(),
                ModelFactory.builder().optDevice(Device.cpu()).optSeed(seed).build())) {
            RandomBatchNorms.randomize(alexnet.getBlock(), new Random(seed));
            ModelDirectory.save(dir, alexnet.getBlock(), CONFIG, CLASSES);
        }
        return dir;
    }

    /**
     * Loads a model directory on the CPU.
     *
     * @param dir the model directory
     * @param fold whether to fold BatchNorm
     * @return the model
     * @throws Exception if loading fails
     */
    public static AlexNet load(Path dir, boolean fold) throws Exception {
        return AlexNet.load(dir, InferenceOptions.builder().optDevice(Device.cpu()).optFoldBatchNorm(fold).build());
    }

    /**
     * Writes synthetic PNGs, of the first three classes in turn.
     *
     * @param dir the folder to write them into
     * @param count how many
     * @return the files, in order
     * @throws IOException if writing fails
     */
    public static List<Path> images(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        SyntheticImages synthetic = SyntheticImages.builder().optSize(80).build();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "image-%02d.png", i));
            ImageIO.write(synthetic.image(i % 3, i), "png", file.toFile());
            files.add(file);
        }
        return files;
    }
}
