package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./alexnet import} writes model directories that compute what the source framework computes. */
class ImportCommandTest {

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportCommandTest.class.getResource("/weights/" + name).toURI());
    }

    @Test
    void kerasFileBecomesAModelDirectoryWithKerasOutputs() throws Exception {
        Path dir = tmp.resolve("seed");
        Path export = tmp.resolve("seed.safetensors");
        int status = run("import", "--from", "keras", fixture("keras_seed.weights.h5").toString(),
                "--out", dir.toString(), "--input-size", "89x121", "--export", export.toString());
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("filters [4, 8, 8, 8, 6]"), out.toString());
        assertTrue(Files.size(export) > 0);
        assertOutputs(dir, "keras_seed_golden.npz", "images_nhwc", true);
        try (ModelDirectory loaded = ModelDirectory.load(dir)) {
            assertEquals(List.of("0", "1", "2", "3", "4"), loaded.getClasses());
            assertEquals("seed", loaded.getConfig().getVariant());
        }
    }

    @Test
    void torchvisionFileWithClassNames() throws Exception {
        Path dir = tmp.resolve("tv");
        Path classes = tmp.resolve("classes.txt");
        Files.writeString(classes, "cat\ndog\nfox\nowl\nyak\n");
        int status = run("import", "--from", "torchvision", fixture("torchvision_small_legacy.pth").toString(),
                "--out", dir.toString(), "--input-size", "127x159", "--classes", classes.toString());
        assertEquals(0, status, err.toString());
        assertOutputs(dir, "torchvision_small_golden.npz", "images_nchw", false);
        try (ModelDirectory loaded = ModelDirectory.load(dir)) {
            assertEquals(List.of("cat", "dog", "fox", "owl", "yak"), loaded.getClasses());
            assertEquals("torchvision", loaded.getConfig().getVariant());
        }
    }

    @Test
    void aMismatchIsOneMessageAndNoDirectory() throws Exception {
        Path dir = tmp.resolve("bad");
        Path classes = tmp.resolve("classes.txt");
        Files.writeString(classes, "only\ntwo\n");
        int status = run("import", "--from", "torchvision", fixture("torchvision_small.pth").toString(),
                "--out", dir.toString(), "--input-size", "127x159", "--classes", classes.toString());
        assertEquals(1, status);
        assertTrue(err.toString().contains("2 class names, but the weights have 5 outputs"), err.toString());
        assertFalse(Files.exists(dir));

        status = run("import", "--from", "keras", fixture("torchvision_small.pth").toString(), "--out", dir.toString());
        assertEquals(1, status);
        assertTrue(err.toString().contains("not a Keras 3 .keras file"), err.toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anExistingPathThatIsNotAModelDirectoryIsRefusedAndKept() throws Exception {
        Path notes = Files.createDirectory(tmp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "keep me");
        Path file = Files.writeString(tmp.resolve("file"), "keep me too");
        for (Path out : List.of(notes, file)) {
            for (boolean force : new boolean[] {false, true}) {
                err.getBuffer().setLength(0);
                int status = force
                        ? run("import", "--from", "torchvision", fixture("torchvision_small.pth").toString(),
                                "--out", out.toString(), "--input-size", "127x159", "--force")
                        : run("import", "--from", "torchvision", fixture("torchvision_small.pth").toString(),
                                "--out", out.toString(), "--input-size", "127x159");
                assertEquals(1, status, err.toString());
                assertEquals("alexnet import: --out " + out + ": a " + (out == file ? "file" : "directory")
                        + " that is not a model directory (config.json, classes.txt, alexnet-0000.params) is already"
                        + " there; refusing to replace it", err.toString().strip());
            }
        }
        assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
        assertEquals("keep me too", Files.readString(file));
    }

    @Test
    void anExistingModelDirectoryIsReplacedOnlyWithForce() throws Exception {
        Path dir = tmp.resolve("tv");
        Path classes = tmp.resolve("classes.txt");
        Files.writeString(classes, "cat\ndog\nfox\nowl\nyak\n");
        String[] args = {"import", "--from", "torchvision", fixture("torchvision_small.pth").toString(), "--out",
            dir.toString(), "--input-size", "127x159"};
        assertEquals(0, run(args), err.toString());
        List<String> withClasses = new java.util.ArrayList<>(List.of(args));
        withClasses.addAll(List.of("--classes", classes.toString()));
        assertEquals(1, run(withClasses.toArray(String[]::new)));
        assertEquals("alexnet import: --out " + dir + ": a model directory is already there; add --force to replace it",
                err.toString().strip());
        assertEquals(List.of("0", "1", "2", "3", "4"), ModelDirectory.readClasses(dir));
        withClasses.add("--force");
        assertEquals(0, run(withClasses.toArray(String[]::new)), err.toString());
        assertEquals(List.of("cat", "dog", "fox", "owl", "yak"), ModelDirectory.readClasses(dir));
    }

    @Test
    void anExportPathHoldingAnotherKindOfFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path dir = tmp.resolve("tv");
        Path export = Files.writeString(tmp.resolve("report.npz"), "not numpy");
        int status = run("import", "--from", "torchvision", fixture("torchvision_small.pth").toString(),
                "--out", dir.toString(), "--input-size", "127x159", "--export", export.toString());
        assertEquals(1, status);
        assertEquals("alexnet import: --export " + export + ": a file that is not an npz archive is already there; refusing"
                + " to replace it", err.toString().strip());
        assertEquals("not numpy", Files.readString(export));
        assertFalse(Files.exists(dir));
    }

    @Test
    void missingAndDamagedFilesAreOneLineNamingTheFile() throws Exception {
        String weights = fixture("torchvision_small.pth").toString();
        Path cut = tmp.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(fixture("torchvision_small.pth")), 20_000));
        Path missing = tmp.resolve("missing.pth");
        Path noClasses = tmp.resolve("missing-classes.txt");
        Path binaryClasses = tmp.resolve("binary-classes.txt");
        Files.write(binaryClasses, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        String[][] cases = {
            {missing.toString(), null, missing + ": no such file; expected a PyTorch state_dict (.pth)"},
            {cut.toString(), null, cut + ": a damaged or truncated zip archive (zip END header not found)"},
            {weights, noClasses.toString(), "--classes " + noClasses + ": no such file; expected the class names, one a line"},
            {weights, binaryClasses.toString(), binaryClasses + ": not UTF-8 text; expected the class names, one a line"},
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            List<String> args = new java.util.ArrayList<>(List.of("import", "--from", "torchvision", c[0],
                    "--out", tmp.resolve("out").toString(), "--input-size", "127x159"));
            if (c[1] != null) {
                args.addAll(List.of("--classes", c[1]));
            }
            assertEquals(1, run(args.toArray(String[]::new)), err.toString());
            assertEquals("alexnet import: " + c[2], err.toString().strip());
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void standardOutputCarriesOnlyTheResult() throws Exception {
        // A fresh JVM, as ./alexnet runs: logging is configured once per process, before anything logs.
        Path dir = tmp.resolve("seed");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "import", "--from", "keras", fixture("keras_seed.weights.h5").toString(),
                        "--out", dir.toString(), "--input-size", "89x121")
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        List<String> lines = stdout.lines().toList();
        assertEquals(1, lines.size(), stdout);
        // 5 convolutions and 3 dense layers (weight, bias) and 2 BatchNorms (gamma, beta, mean, variance)
        assertTrue(lines.get(0).startsWith("Imported 24 tensors from "), stdout);
        assertFalse(Files.readString(tmp.resolve("stderr.txt")).contains("io.jhdf"));
    }

    private static void assertOutputs(Path dir, String golden, String images, boolean nhwc) throws Exception {
        try (ModelDirectory loaded = ModelDirectory.load(dir);
                NDManager manager = NDManager.newBaseManager()) {
            NDList expected;
            try (InputStream in = Files.newInputStream(fixture(golden))) {
                expected = NDList.decode(manager, in);
            }
            NDArray x = expected.get(images).toType(DataType.FLOAT32, false).div(255f);
            if (nhwc) {
                x = x.transpose(0, 3, 1, 2);
            }
            NDArray y = loaded.getBlock()
                    .forward(new ParameterStore(manager, false),
                            new NDList(x.toDevice(loaded.getModel().getNDManager().getDevice(), false)), false)
                    .singletonOrThrow()
                    .toDevice(manager.getDevice(), false);
            float[] e = expected.get("probabilities").toFloatArray();
            float[] a = y.toFloatArray();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-4, "output " + i);
            }
        }
    }
}
