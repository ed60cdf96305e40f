package io.github.alexnetdjl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.spark.SparkFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alexnet spark: the summary on stdout, a failure as one line on stderr. */
class SparkMainTest {

    @TempDir static Path temp;

    private static String model;
    private static String images;

    @BeforeAll
    static void setUp() throws Exception {
        // The session the other tests share: the command uses it, and leaves it running.
        SparkFixtures.session();
        model = SparkFixtures.model(temp.resolve("model")).toString();
        images = SparkFixtures.images(temp.resolve("labelled")).toString();
    }

    private record Run(int status, List<String> out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkMain.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString().lines().toList(), err.toString());
    }

    @Test
    void evaluatePrintsTheSummaryAndTheErrorsPerClass() {
        String output = temp.resolve("evaluation").toString();
        Run run = run("evaluate", "--model", model, "--input", images, "--output", output, "--master", "local[2]");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals("Images:      27 (3 could not be read: see the error column)", run.out().get(0));
        assertTrue(run.out().get(1).matches("Time: +[0-9.]+ s, [0-9.]+ images/s"), run.out().get(1));
        assertEquals("Output:      " + output + " (Parquet)", run.out().get(2));
        assertEquals("Class           Images  Top-1 error  Top-5 error  Unreadable", run.out().get(3));
        assertEquals(3 + 1 + SparkFixtures.CLASSES.size() + 3, run.out().size(), String.join("\n", run.out()));
        assertTrue(run.out().get(4).startsWith("checkerboard         4  "), run.out().get(4));
        assertEquals("Evaluated:   24 (center crop)", run.out().get(10));
        assertTrue(run.out().get(11).matches("Top-1 error: [0-9]+\\.[0-9]{2}%"), run.out().get(11));
    }

    @Test
    void aMissingInputOrModelIsOneLine() {
        String output = temp.resolve("never").toString();
        Run noInput = run("classify", "--model", model, "--input", temp.resolve("nothing").toString(),
                "--output", output);
        assertEquals(1, noInput.status());
        assertEquals(List.of(), noInput.out());
        assertEquals("alexnet spark classify: [PATH_NOT_FOUND] Path does not exist: file:" + temp.resolve("nothing")
                + ".", noInput.err().strip());

        Run noModel = run("classify", "--model", temp.resolve("no-model").toString(), "--input", images,
                "--output", output);
        assertEquals(1, noModel.status());
        assertEquals("alexnet spark classify: not a model directory: " + temp.resolve("no-model") + " has no config.json"
                + " (expected config.json, classes.txt and alexnet-0000.params)", noModel.err().strip());
    }
}
