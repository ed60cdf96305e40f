package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line lists spark, whose jobs it cannot run itself: reached, it says where they run. */
class SparkCommandTest {

    @Test
    void helpListsSparkAndRunningItNamesTheLauncher() {
        StringWriter help = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "--help"));
        // The description's column depends on the longest command name, so only the row's order is fixed.
        assertTrue(help.toString().lines().anyMatch(
                line -> line.matches(" +spark +Classifies, embeds or evaluates images on Apache.*")),
                help.toString());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), "spark", "classify", "--model", "m");
        assertEquals(1, status);
        assertEquals("", out.toString());
        assertEquals("alexnet spark: the Spark jobs run from the alexnet-djl-spark module, with Spark on the class"
                + " path: use ./alexnet spark, or spark-submit with the module's assembly jar (docs/spark.md)",
                err.toString().strip());
    }
}
