package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short runs on the synthetic shapes: learning, checkpoints, exact resume. */
class ClassifierTrainerTest {

    @TempDir static Path temp;
    static DecodedImages train;
    static DecodedImages val;
    static ModelConfig config;

    @BeforeAll
    static void data() throws IOException {
        Path root = SyntheticImages.builder().optNumClasses(4).optImagesPerClass(40, 12).optSize(72).build()
                .generate(temp.resolve("data"));
        config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(4)
                .optFilters(16, 24, 32, 32, 24).optDenseUnits(64, 64).build();
        train = DecodedImages.decode(ImageFolder.scan(root.resolve("train")), config.getResize(), 64);
        val = DecodedImages.decode(ImageFolder.scan(root.resolve("val")), config.getResize(), 64);
    }

    static TrainingOptions options(int epochs) {
        return TrainingOptions.builder().optEpochs(epochs).optBatchSize(16).optLearningRate(0.02f)
                .optDevice(Device.cpu()).optSeed(5).build();
    }

    @Test
    void accuracyRisesFarAboveChance() throws Exception {
        Path out = temp.resolve("run");
        List<EpochMetrics> history = ClassifierTrainer.builder().setConfig(config).setData(train, val)
                .setOutput(out).optOptions(options(8)).build().fit();
        System.out.println(history);
        EpochMetrics last = history.get(history.size() - 1);
        assertTrue(last.valAccuracy() >= 0.6, "chance is 0.25, got " + last.valAccuracy());
        assertEquals(EpochMetrics.CSV_HEADER, Files.readAllLines(out.resolve("metrics.csv")).get(0));
        assertEquals(9, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.size(out.resolve("metrics.png")) > 0);
        assertTrue(Files.size(out.resolve("conv1-filters.png")) > 0);
        assertEquals(2, ClassifierTrainer.checkpoints(out).size());
        assertTrue(Files.isRegularFile(out.resolve("best/alexnet-0000.params")));
    }
}
