package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.testing.NamedPipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What the user causes, the user is told in one line: {@code alexnet <command>: <message>} on stderr naming the
 * file and what was expected, exit status 1, no stack trace.
 */
class ErrorMessagesTest {

    @TempDir static Path temp;
    static Path model;
    static Path images;

    private record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Exit status 1 and exactly one line on stderr, for this command, naming {@code named}, without a trace. */
    private static String oneLine(Result result, String command, Object named) {
        assertEquals(1, result.status(), result.err());
        List<String> lines = result.errLines();
        assertEquals(1, lines.size(), result.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("alexnet " + command + ": "), line);
        assertTrue(line.contains(named.toString()), line);
        assertFalse(line.contains("\tat ") || line.contains("Exception") || line.contains("null"), line);
        return line;
    }

    private static ModelConfig tinyConfig(int height, int width) {
        return ModelConfig.builder().optInputShape(3, height, width).optNumClasses(3).optFilters(4, 8, 8, 8, 8)
                .optDenseUnits(16, 16).build();
    }

    private static Path save(String name, ModelConfig config, Consumer<AlexNetBlock> edit) throws IOException {
        AlexNetBlock block = config.newBlock();
        Path dir = temp.resolve(name);
        try (Model m = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("alexnet", block, block.getInputShape(1))) {
            edit.accept(block);
            ModelDirectory.save(dir, block, config, List.of("checkerboard", "circle", "cross"));
        }
        return dir;
    }

    @BeforeAll
    static void fixtures() throws IOException {
        model = save("model", tinyConfig(64, 64), block -> {});
        images = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(1, 2).optSize(72).build()
                .generate(temp.resolve("images")).resolve("val");
    }

    private static String image(String name) {
        return images.resolve(name).toString();
    }

    @Test
    void predictNamesEachImageThatFailsAndStillClassifiesTheOthers() throws Exception {
        Path missing = temp.resolve("missing.png");
        Path text = Files.writeString(temp.resolve("notes.jpg"), "not an image");
        Path folder = Files.createDirectories(temp.resolve("folder.png"));
        Result result = run("predict", "--cpu", "--json", "--model", model.toString(), image("circle/0000.png"),
                missing.toString(), text.toString(), folder.toString(), image("cross/0001.png"));

        assertEquals(1, result.status(), "some images failed: " + result.err());
        List<String> classified = result.out().lines().toList();
        assertEquals(2, classified.size(), result.out());
        assertEquals(image("circle/0000.png"),
                JsonParser.parseString(classified.get(0)).getAsJsonObject().get("image").getAsString());
        assertEquals(image("cross/0001.png"),
                JsonParser.parseString(classified.get(1)).getAsJsonObject().get("image").getAsString());
        assertEquals(List.of(
                        "alexnet predict: cannot read " + missing + ": no such file",
                        "alexnet predict: cannot decode " + text + ": not a JPEG, PNG, BMP or GIF image",
                        "alexnet predict: cannot read " + folder + ": it is a directory, expected an image file"),
                result.errLines());

        Result allGood = run("predict", "--cpu", "--model", model.toString(), image("circle/0000.png"));
        assertEquals(0, allGood.status(), allGood.err());
        assertEquals("", allGood.err());
    }

    @Test
    void predictNeverOpensANamedPipe() throws Exception {
        Path fifo = NamedPipe.create(temp.resolve("camera.jpg"));
        // Opening a pipe nobody writes to blocks for ever: the guard keeps a regression from hanging the suite.
        Result result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run("predict", "--cpu", "--model",
                model.toString(), fifo.toString(), image("circle/0001.png")));
        assertEquals(1, result.out().lines().filter(line -> line.equals(image("circle/0001.png"))).count(),
                result.out());
        assertEquals("alexnet predict: cannot read " + fifo
                + ": not a regular file (a pipe, socket or device), expected an image file", oneLine(result, "predict", fifo));
    }

    @Test
    void predictNamesAnImageSmallerThanANonSquareCrop() throws Exception {
        Path wideModel = save("wide", tinyConfig(64, 96), block -> {});
        Path wide = temp.resolve("wide.png");
        ImageIO.write(new BufferedImage(160, 80, BufferedImage.TYPE_INT_RGB), "png", wide.toFile());
        // A 72x72 square resizes to 73x73, narrower than the 96 pixels of the crop.
        Result result = run("predict", "--cpu", "--model", wideModel.toString(), image("cross/0000.png"),
                wide.toString());
        assertEquals(1, result.out().lines().filter(line -> line.equals(wide.toString())).count(), result.out());
        String line = oneLine(result, "predict", image("cross/0000.png"));
        assertTrue(line.contains("smaller than the 96x64 crop"), line);
    }

    @Test
    void truncatedOrDamagedParameterFileIsOneLineNamingIt() throws Exception {
        Path truncated = save("truncated", tinyConfig(64, 64), block -> {});
        Path parameters = truncated.resolve(ModelDirectory.PARAMETERS_FILE);
        byte[] whole = Files.readAllBytes(parameters);
        Files.write(parameters, Arrays.copyOf(whole, whole.length / 2));
        oneLine(run("predict", "--cpu", "--model", truncated.toString(), image("circle/0000.png")), "predict",
                parameters + ": truncated");
        oneLine(run("evaluate", "--cpu", "--model", truncated.toString(), "--data", images.toString()), "evaluate",
                parameters + ": truncated");

        Arrays.fill(whole, 60, 124, (byte) 0xff);
        Files.write(parameters, whole);
        oneLine(run("predict", "--cpu", "--model", truncated.toString(), image("circle/0000.png")), "predict",
                parameters + ": damaged");
    }

    @Test
    void modelWithNonFiniteParametersIsRefusedByPredictAndEvaluate() throws Exception {
        Path diverged = save("diverged", tinyConfig(64, 64),
                block -> block.getParameters().get("fc6.dense.weight").getArray().set(new NDIndex(3), Float.NaN));
        String expected = diverged.resolve(ModelDirectory.PARAMETERS_FILE) + ": parameter fc6.dense.weight holds";
        oneLine(run("predict", "--cpu", "--model", diverged.toString(), image("circle/0000.png")), "predict",
                expected);
        String line = oneLine(run("evaluate", "--cpu", "--no-fold", "--model", diverged.toString(), "--data",
                images.toString()), "evaluate", expected);
        assertTrue(line.contains("NaN"), line);
    }

    @Test
    void missingModelOrDataIsOneLine() {
        Path missing = temp.resolve("no-model");
        oneLine(run("predict", "--cpu", "--model", missing.toString(), image("circle/0000.png")), "predict",
                missing + " has no config.json");
        oneLine(run("evaluate", "--cpu", "--model", model.toString(), "--data", missing.toString()), "evaluate",
                "image folder " + missing);
    }

    @Test
    void diagramOutThatCannotBeWrittenIsOneLineNamingIt() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("pictures"));
        assertEquals("alexnet diagram: --out " + folder + ": a directory, expected a file",
                oneLine(run("diagram", "--out", folder.toString()), "diagram", folder));

        Path file = Files.writeString(temp.resolve("plain-file"), "keep me");
        Path below = file.resolve("net.svg");
        assertEquals("alexnet diagram: --out " + below + ": " + file + " is not a directory",
                oneLine(run("diagram", "--out", below.toString()), "diagram", below));
        assertEquals("keep me", Files.readString(file));

    }

    @Test
    void diagramWriteTheFileSystemRefusesIsOneLineNamingTheOutput() {
        // /proc takes no new files, not even from root; the JDK names the temporary file, the user --out.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        Path target = Path.of("/proc/alexnet.svg");
        assertEquals("alexnet diagram: --out " + target + ": cannot be written (no such file or directory)",
                oneLine(run("diagram", "--out", target.toString()), "diagram", target));
    }

    @Test
    void diagramIntoAReadOnlyFolderIsOneLineNamingTheOutput() throws Exception {
        Path readOnly = Files.createDirectories(temp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(readOnly), "running as root: permissions do not stop writes");
            Path target = readOnly.resolve("net.svg");
            assertEquals("alexnet diagram: --out " + target + ": cannot be written (permission denied)",
                    oneLine(run("diagram", "--out", target.toString()), "diagram", target));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void missingClassesFileIsOneLineNamingIt() throws URISyntaxException {
        Path weights = Path.of(ErrorMessagesTest.class.getResource("/weights/keras_seed.weights.h5").toURI());
        Path classes = temp.resolve("classes.txt");
        assertEquals("alexnet import: --classes " + classes + ": no such file; expected the class names, one a line",
                oneLine(run("import", "--from", "keras", weights.toString(), "--out", temp.resolve("imported").toString(),
                        "--classes", classes.toString()), "import", classes));
    }

    @Test
    void debugAddsTheTrace() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("debug"));
        Result plain = run("diagram", "--out", folder.toString());
        oneLine(plain, "diagram", folder);
        for (String[] args : List.of(new String[] {"--debug", "diagram", "--out", folder.toString()},
                new String[] {"diagram", "--debug", "--out", folder.toString()})) {
            Result debug = run(args);
            assertEquals(1, debug.status());
            assertEquals(plain.errLines().get(0), debug.errLines().get(0));
            assertTrue(debug.err().contains("\tat io.github.alexnetdjl.cli.DiagramCommand"), debug.err());
        }
    }

    /** A command with a bug in it, and one whose file goes missing while it runs. */
    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @CommandLine.Option(names = "--io")
        boolean io;

        @Override
        public Integer call() {
            if (io) {
                throw new UncheckedIOException(new NoSuchFileException("gone.txt"));
            }
            Object missing = null;
            return missing.hashCode();
        }
    }

    private static Result runBroken(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Broken()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).setExecutionExceptionHandler(new FailureHandler(environment));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void bugsAreOneLineThatAsksForTheTrace() {
        Result bug = runBroken(Map.of());
        assertEquals(1, bug.status());
        assertEquals(1, bug.errLines().size(), bug.err());
        assertTrue(bug.err().startsWith("broken: internal error (java.lang.NullPointerException"), bug.err());
        assertTrue(bug.err().strip().endsWith("; run with --debug for the trace"), bug.err());

        Result traced = runBroken(Map.of("ALEXNET_DEBUG", "1"));
        assertTrue(traced.err().contains("\tat io.github.alexnetdjl.cli.ErrorMessagesTest$Broken.call"), traced.err());
        assertEquals(1, runBroken(Map.of("ALEXNET_DEBUG", "0")).errLines().size());

        assertEquals(List.of("broken: gone.txt: no such file or directory"),
                runBroken(Map.of(), "--io").errLines());
    }
}
