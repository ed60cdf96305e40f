package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
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

/** Checkpoints and exact resume on a tiny network and a few synthetic images. */
class ClassifierTrainerTest {

    @TempDir static Path temp;
    static DecodedImages train;
    static DecodedImages val;
    static ModelConfig config;

    @BeforeAll
    static void data() throws IOException {
        Path root = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(8, 4).optSize(72).build()
                .generate(temp.resolve("data"));
        config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        train = DecodedImages.decode(ImageFolder.scan(root.resolve("train")), config.getResize(), 64);
        val = DecodedImages.decode(ImageFolder.scan(root.resolve("val")), config.getResize(), 64);
    }

    static List<EpochMetrics> fit(Path out, int epochs, boolean resume) throws Exception {
        TrainingOptions options = TrainingOptions.builder().optEpochs(epochs).optBatchSize(8).optLearningRate(0.05f)
                .optPcaSigma(0.1f).optPlateau(0.1f, 1, 3).optDevice(Device.cpu()).optSeed(5).build();
        return ClassifierTrainer.builder().setConfig(config).setData(train, val).setOutput(out)
                .optOptions(options).optResume(resume).build().fit();
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Path straight = temp.resolve("straight");
        Path interrupted = temp.resolve("interrupted");
        List<EpochMetrics> full = fit(straight, 3, false);
        fit(interrupted, 2, false);
        // What a crash can leave: a half-written checkpoint under its temporary name, and one without state.
        Files.createDirectories(interrupted.resolve("checkpoints/.epoch-0003.tmp-123"));
        Files.writeString(interrupted.resolve("checkpoints/.epoch-0003.tmp-123/alexnet-0000.params"), "DJL@");
        Files.createDirectories(interrupted.resolve("checkpoints/epoch-0009"));
        assertEquals(interrupted.resolve("checkpoints/epoch-0002"), ClassifierTrainer.latestCheckpoint(interrupted));
        List<EpochMetrics> resumed = fit(interrupted, 3, true);

        assertEquals(3, resumed.size(), "resumed history includes the epochs done before");
        assertEquals(full.get(2).trainLoss(), resumed.get(2).trainLoss(), 1e-6);
        assertEquals(full.get(2).valLoss(), resumed.get(2).valLoss(), 1e-6);
        try (ModelDirectory a = ModelDirectory.load(straight.resolve("checkpoints/epoch-0003"), Device.cpu());
                ModelDirectory b = ModelDirectory.load(interrupted.resolve("checkpoints/epoch-0003"), Device.cpu())) {
            List<Pair<String, Parameter>> pa = a.getBlock().getParameters().stream().toList();
            List<Pair<String, Parameter>> pb = b.getBlock().getParameters().stream().toList();
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                assertEquals(pa.get(i).getKey(), pb.get(i).getKey());
                assertArrayEquals(pa.get(i).getValue().getArray().toFloatArray(),
                        pb.get(i).getValue().getArray().toFloatArray(), 1e-6f, pa.get(i).getKey());
            }
        }
        assertEquals(Files.readAllLines(straight.resolve("metrics.csv")).size(),
                Files.readAllLines(interrupted.resolve("metrics.csv")).size());
        assertEquals(EpochMetrics.CSV_HEADER, Files.readAllLines(interrupted.resolve("metrics.csv")).get(0));
        assertEquals(List.of(straight.resolve("checkpoints/epoch-0002"), straight.resolve("checkpoints/epoch-0003")),
                ClassifierTrainer.checkpoints(straight), "the last 2 checkpoints are kept");
        assertTrue(Files.size(straight.resolve("metrics.png")) > 0);
        assertTrue(Files.size(straight.resolve("conv1-filters.png")) > 0);
        assertTrue(Files.isRegularFile(straight.resolve("best/config.json")));
    }

    @Test
    void existingCheckpointsAreNeverOverwritten() throws Exception {
        Path out = temp.resolve("twice");
        fit(out, 1, false);
        IOException again = assertThrows(IOException.class, () -> fit(out, 1, false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
        IOException nothing = assertThrows(IOException.class, () -> fit(temp.resolve("empty"), 1, true));
        assertTrue(nothing.getMessage().contains("no checkpoint"), nothing.getMessage());
    }
}
