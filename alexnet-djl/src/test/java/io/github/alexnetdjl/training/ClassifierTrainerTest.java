package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and exact resume on a tiny network and a few synthetic images. */
class ClassifierTrainerTest {

    @TempDir static Path temp;
    static DecodedImages[] data;

    @BeforeAll
    static void data() throws IOException {
        data = TrainingRun.decode(TrainingRun.tinyData(temp.resolve("data")));
    }

    static List<EpochMetrics> fit(Path out, int epochs, boolean resume) throws Exception {
        return TrainingRun.trainer(data, out, TrainingRun.tinyOptions(epochs), resume).build().fit();
    }

    @Test
    @Tag("slow")
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Path straight = temp.resolve("straight");
        Path interrupted = temp.resolve("interrupted");
        List<EpochMetrics> full = fit(straight, 3, false);
        fit(interrupted, 2, false);
        // What a crash can leave: a half-written checkpoint under its temporary name, and one without state;
        // temporary copies of files and of best/, and an old best/ renamed aside after the new one was in place.
        Files.createDirectories(interrupted.resolve("checkpoints/.epoch-0003.tmp-123"));
        Files.writeString(interrupted.resolve("checkpoints/.epoch-0003.tmp-123/alexnet-0000.params"), "DJL@");
        Files.createDirectories(interrupted.resolve("checkpoints/epoch-0009"));
        Files.writeString(interrupted.resolve(".metrics.csv.tmp-8817"), "epoch,");
        Files.createDirectories(interrupted.resolve(".best.tmp-77/x"));
        Files.createDirectories(interrupted.resolve(".best.old--1234"));
        // Files of the user's that look alike but are not ours.
        Files.writeString(interrupted.resolve(".best.tmp-notes"), "mine");
        Files.writeString(interrupted.resolve("checkpoints/epoch-0002.tmp-5"), "mine");
        assertEquals(interrupted.resolve("checkpoints/epoch-0002"), ClassifierTrainer.latestCheckpoint(interrupted));
        List<List<EpochMetrics>> heard = new ArrayList<>();
        List<EpochMetrics> resumed = TrainingRun.trainer(data, interrupted, TrainingRun.tinyOptions(3), true)
                .addListener(new TrainingProgress() {
                    @Override
                    public void onHistory(List<EpochMetrics> history) {
                        heard.add(history);
                    }
                })
                .build().fit();
        assertEquals(List.of(resumed), heard, "listeners hear the whole history, the resumed epochs included");
        for (String leftover : List.of("checkpoints/.epoch-0003.tmp-123", ".metrics.csv.tmp-8817", ".best.tmp-77",
                ".best.old--1234")) {
            assertFalse(Files.exists(interrupted.resolve(leftover)), leftover);
        }
        assertTrue(Files.exists(interrupted.resolve(".best.tmp-notes")));
        assertTrue(Files.exists(interrupted.resolve("checkpoints/epoch-0002.tmp-5")));
        assertTrue(Files.exists(interrupted.resolve("checkpoints/epoch-0009")), "not a checkpoint, not ours");

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
        assertTrue(Files.size(straight.resolve("conv1-filters.png")) > 0);
        assertTrue(Files.isRegularFile(straight.resolve("best/config.json")));
    }

    @Test
    void existingCheckpointsAreNeverOverwritten() throws Exception {
        Path out = temp.resolve("twice");
        fit(out, 1, false);
        FileAlreadyExistsException again = assertThrows(FileAlreadyExistsException.class, () -> fit(out, 1, false));
        assertEquals(out.toString(), again.getFile());
        assertEquals(out + ": holds checkpoints already (epoch-0001): resume from them, or choose another output"
                + " directory", again.getMessage());
        Files.createDirectories(temp.resolve("empty"));
        NoSuchFileException nothing =
                assertThrows(NoSuchFileException.class, () -> fit(temp.resolve("empty"), 1, true));
        assertEquals(temp.resolve("empty") + ": holds no checkpoint to resume from", nothing.getMessage());
    }

    @Test
    void resumingInADirectoryThatDoesNotExistCreatesNothing() {
        Path missing = temp.resolve("missing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> fit(missing, 1, true));
        assertEquals(missing + ": no such directory, so no checkpoint to resume from", e.getMessage());
        assertFalse(Files.exists(missing));
        IOException early = assertThrows(IOException.class, () -> ClassifierTrainer.checkOutput(missing, true));
        assertEquals(e.getMessage(), early.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void fewerThanTwoClassesOrAClassNameThatCannotBeSavedIsRefusedBeforeTraining() throws Exception {
        Path root = temp.resolve("data");
        Path one = temp.resolve("one-class");
        copyTree(root.resolve("train/circle"), one.resolve("circle"));
        DecodedImages oneClass = DecodedImages.decode(ImageFolder.scan(one), 73, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierTrainer.builder().setConfig(TrainingRun.tinyConfig()).setData(oneClass, oneClass)
                        .setOutput(temp.resolve("one-out")).build());
        assertEquals("a classifier needs at least 2 classes, the training data has 1 (circle)", e.getMessage());

        Path odd = temp.resolve("odd-names");
        copyTree(root.resolve("train/circle"), odd.resolve("circle"));
        copyTree(root.resolve("train/cross"), odd.resolve("two\nlines"));
        copyTree(root.resolve("train/checkerboard"), odd.resolve("square"));
        DecodedImages oddNames = DecodedImages.decode(ImageFolder.scan(odd), 73, 64);
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> ClassifierTrainer.builder().setConfig(TrainingRun.tinyConfig()).setData(oddNames, oddNames)
                        .setOutput(temp.resolve("odd-out")).build());
        assertEquals("class names must be non-empty single lines, got 'two\\nlines'", names.getMessage());
        assertFalse(Files.exists(temp.resolve("one-out")));
        assertFalse(Files.exists(temp.resolve("odd-out")));
    }

    /** Copies a directory tree. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
    }
}
