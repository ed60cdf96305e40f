package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The train command's refusals: one clear message, before any work, nothing written. */
class TrainCommandTest {

    @TempDir Path temp;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
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
}
