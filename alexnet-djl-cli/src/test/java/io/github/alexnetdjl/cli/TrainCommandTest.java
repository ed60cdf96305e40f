package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.training.ClassifierTrainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command's refusals: one clear message, before any work, nothing written. */
class TrainCommandTest {

    @TempDir Path temp;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    @Test
    void multipleGpusAreRefusedWithTheReason() {
        String[] r = run("train", "--gpus", "2", "--out", temp.resolve("out").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--gpus 2") && r[2].contains("sums the devices' gradients"), r[2]);
        assertFalse(Files.exists(temp.resolve("out")));
    }

    @Test
    void missingDataFolderIsOneClearError() {
        String[] r = run("train", "--data", temp.resolve("nope").toString(), "--out", temp.resolve("out").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("nope does not exist or is not a directory"), r[2]);
        assertFalse(Files.exists(temp.resolve("out")));
    }

    @Test
    void inputTooSmallForTheNetworkIsOneClearError() throws Exception {
        Files.createDirectories(temp.resolve("data/a"));
        String[] r = run("train", "--data", temp.resolve("data").toString(), "--image-size", "40",
                "--out", temp.resolve("out").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("hold no images"), r[2]);
        Files.writeString(temp.resolve("data/a/x.png"), "not really");
        Files.writeString(temp.resolve("data/a/y.png"), "not really");
        r = run("train", "--data", temp.resolve("data").toString(), "--image-size", "40",
                "--out", temp.resolve("out").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("input too small"), r[2]);
    }

    @Test
    void resumeNeedsAnOutputDirectory() {
        String[] r = run("train", "--resume");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--resume needs --out"), r[2]);
    }

    @Test
    void resumingADirectoryThatDoesNotExistSaysSoAndCreatesNothing() {
        Path missing = temp.resolve("missing");
        String[] r = run("train", "--resume", "--out", missing.toString());
        assertEquals("1", r[0]);
        assertEquals("alexnet train: --out " + missing + ": no such directory, so no checkpoint to resume from",
                r[2].strip());
        assertFalse(Files.exists(missing));
    }

    @Test
    void anOutputHoldingCheckpointsIsRefusedNamingTheFlagThatContinuesIt() throws Exception {
        Path checkpoint = Files.createDirectories(temp.resolve("earlier/checkpoints/epoch-0001"));
        Files.writeString(checkpoint.resolve(ClassifierTrainer.TRAINING_STATE), "{}");
        // Data that does not exist: were the output not refused first, the run would fail on it, not train.
        String[] r = run("train", "--data", temp.resolve("nope").toString(), "--out", temp.resolve("earlier").toString());
        assertEquals("1", r[0], r[2]);
        assertEquals("alexnet train: --out " + temp.resolve("earlier") + ": holds the checkpoints of an earlier run:"
                + " add --resume to continue it, or choose another --out", r[2].strip());
        assertTrue(Files.isRegularFile(checkpoint.resolve(ClassifierTrainer.TRAINING_STATE)));
    }

    private Path tinyData() throws Exception {
        return SyntheticImages.builder().optNumClasses(3).optImagesPerClass(8, 4).optSize(72).build()
                .generate(temp.resolve("data"));
    }

    private String[] trainTiny(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.resolve("train").toString(),
                "--val", data.resolve("val").toString(), "--image-size", "64", "--filters", "4,8,8,8,8",
                "--dense-units", "16,16", "--batch-size", "8", "--cpu", "--seed", "5"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aDivergedRunIsOneLineAndSavesNoModel() throws Exception {
        Path out = temp.resolve("diverged");
        String[] r = trainTiny(tinyData(), "--epochs", "2", "--lr", "50", "--pca-sigma", "0.1", "--patience", "1",
                "--out", out.toString());
        assertEquals("1", r[0], r[2]);
        String[] lines = r[2].strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("alexnet train: training diverged in epoch 1") && last.endsWith("lower learning rate"),
                r[2]);
        assertFalse(r[2].contains("Exception") || r[2].contains("\tat "), r[2]);
        assertFalse(r[1].contains("Model:"), r[1]);
        assertFalse(Files.exists(out.resolve("best")));
    }

    @Test
    void theHintAfterTrainingNeverPointsEvaluateAtTheTrainingImages() throws Exception {
        Path data = tinyData();
        Path out = temp.resolve("split");
        String[] r = run("train", "--data", data.resolve("train").toString(), "--image-size", "64", "--filters",
                "4,8,8,8,8", "--dense-units", "16,16", "--batch-size", "8", "--cpu", "--epochs", "1",
                "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        String hint = r[1].lines().filter(line -> line.startsWith("Try: ")).findFirst().orElseThrow();
        assertEquals("Try: ./alexnet evaluate --model " + out.resolve("best") + " --data DIR, with DIR a folder of"
                + " images the model was not trained on (its validation images were a 20% share of "
                + data.resolve("train") + ")", hint);
    }

    @Test
    void aSingleClassIsOneLineBeforeTraining() throws Exception {
        Path data = tinyData();
        Path one = temp.resolve("one");
        Files.createDirectories(one.resolve("circle"));
        try (Stream<Path> files = Files.list(data.resolve("train/circle"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, one.resolve("circle").resolve(f.getFileName()));
            }
        }
        String[] r = run("train", "--data", one.toString(), "--image-size", "64", "--out", temp.resolve("o").toString());
        assertEquals("1", r[0]);
        assertEquals("alexnet train: a classifier needs at least 2 classes, the training data has 1 (circle)",
                r[2].strip());
    }

    @Test
    void fineTuningStartsFromARunsBestModelAndRecordsItsSettings() throws Exception {
        Path source = temp.resolve("source");
        String[] r = trainTiny(tinyData(), "--epochs", "1", "--out", source.toString());
        assertEquals("0", r[0], r[2]);
        Path four = SyntheticImages.builder().optNumClasses(4).optImagesPerClass(8, 4).optSize(72).optSeed(7).build()
                .generate(temp.resolve("four"));
        Path out = temp.resolve("fine-tuned");
        r = run("train", "--from", source.resolve("best").toString(), "--data", four.resolve("train").toString(),
                "--val", four.resolve("val").toString(), "--batch-size", "8", "--cpu", "--epochs", "1",
                "--freeze", "conv1..conv3,fc6", "--lr-mult", "fc8=10", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("Starting from " + source.resolve("best") + ": every layer but fc8, which is new for"
                + " the 4 classes"), r[1]);
        assertTrue(r[1].contains("Frozen: conv1, conv2, conv3, fc6") && r[1].contains("{fc8=10.0}"), r[1]);
        assertEquals(4, ModelDirectory.readConfig(out.resolve("best")).getNumClasses());
        assertArrayEquals(new int[] {3, 64, 64}, ModelDirectory.readConfig(out.resolve("best")).getInputShape(),
                "the source's input size, which nothing on this command line set");
        String state = Files.readString(out.resolve("best/training.json"));
        assertTrue(state.contains("\"frozen\": [\n      \"conv1\",\n      \"conv2\",\n      \"conv3\",\n      \"fc6\"\n    ]")
                && state.contains("\"fc8\": 10.0"), state);
    }

    @Test
    void fineTuningOptionsThatDoNotFitAreOneClearErrorBeforeAnyWork() throws Exception {
        Path out = temp.resolve("out");
        String[] r = run("train", "--freeze", "conv2,conv9", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("--freeze conv2,conv9: unknown stage 'conv9': expected a stage (conv1 to conv5,"
                + " fc6 to fc8), a range such as conv1..conv5, or features\n"), r[2]);
        r = run("train", "--freeze", "features", "--lr-mult", "conv1..fc8=0.5", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("--freeze and --lr-mult: conv1 is frozen and has a learning-rate multiplier (0.5):"
                + " give it one or the other\n"), r[2]);
        r = run("train", "--from", temp.toString(), "--variant", "paper", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("--variant: with --from the network is the one in " + temp + "; drop --variant"),
                r[2]);
        r = run("train", "--from", temp.resolve("nothing").toString(), "--data", tinyData().resolve("train").toString(),
                "--out", out.toString());
        assertEquals("1", r[0]);
        assertEquals("alexnet train: not a model directory: " + temp.resolve("nothing") + " has no config.json"
                + " (expected config.json, classes.txt and alexnet-0000.params)", r[2].strip());
        assertFalse(Files.exists(out));
    }
}
