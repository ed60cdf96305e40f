package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.bench.BenchReport;
import io.github.alexnetdjl.bench.Throughput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command and its subcommands, where nothing heavy is measured: charts of saved reports, the data
 * pipeline on a few images, and bad input.
 */
class BenchCommandTest {

    @TempDir Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path saved(String name, double cpuNanosPerBatch) throws IOException {
        Throughput.Timing timing = new Throughput.Timing(new long[] {100_000_000, 120_000_000},
                (long) (2 * cpuNanosPerBatch), 10);
        BenchReport report = new BenchReport("seed", "(3, 224, 224)", "PyTorch 2.0.1", "0.25.0", "cpu()", "test",
                2, 2, 1, Map.of(), Map.of(), 0.5, 100, 50, Map.of(512, 100.0), 2.278,
                List.of(Throughput.of("inference", 32, timing, 2.278e9, 100, 50)),
                new BenchReport.Memory(1, 2, 3, 4, List.of(3L)), null, null, null, null, null);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JsonUtils.GSON_PRETTY.toJson(report), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void compareChartsSavedReportsSideBySide() throws IOException {
        Path chart = dir.resolve("levers.png");
        CommandRun result = run("bench", "compare", "--chart", chart.toString(),
                "before=" + saved("before", 600e6), "after=" + saved("after", 300e6));
        assertEquals(0, result.status(), result.err());
        assertEquals("Wrote " + chart, result.out().strip());
        BufferedImage image = ImageIO.read(chart.toFile());
        assertNotNull(image, "a PNG");
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void compareNamesAReportThatIsMissingOrIsNotOne() throws IOException {
        Path chart = dir.resolve("x.png");
        Path missing = dir.resolve("missing.json");
        CommandRun absent = run("bench", "compare", "--chart", chart.toString(), "a=" + missing);
        assertEquals(1, absent.status());
        assertEquals("alexnet bench compare: " + missing + ": no such file or directory", absent.err().strip());
        Path other = Files.writeString(dir.resolve("other.json"), "{\"images\": 3}");
        CommandRun wrong = run("bench", "compare", "--chart", chart.toString(), "a=" + other);
        assertEquals(1, wrong.status());
        assertEquals("alexnet bench compare: " + other + ": not a bench report (it has no results)",
                wrong.err().strip());
        assertFalse(Files.exists(chart));
        assertEquals(2, run("bench", "compare", "a=" + saved("a", 1e6)).status(), "--chart is required");
    }

    @Test
    void helpListsTheSubcommands() {
        CommandRun result = run("bench", "--help");
        assertEquals(0, result.status());
        String commands = result.out().substring(result.out().indexOf("Commands:"));
        for (String command : List.of("inference", "training", "pipeline", "soak", "profile", "compare")) {
            assertTrue(commands.contains("\n  " + command + " "), commands);
            assertEquals(0, run("bench", command, "--help").status(), command);
        }
    }

    @Test
    void optionsOfBenchBeforeASubcommandAreRefusedNotIgnored() {
        CommandRun result = run("bench", "--quick", "--cpu", "pipeline", "--images", "2");
        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("--quick, --cpu: options go after the subcommand: alexnet bench"
                + " pipeline --quick --cpu ..."), result.err());
        assertEquals("", result.out());
    }

    @Test
    void pipelineMeasuresTheDataPipelineAlone() {
        CommandRun result = run("bench", "pipeline", "--images", "3", "--json");
        assertEquals(0, result.status(), result.err());
        JsonObject report = JsonParser.parseString(result.out()).getAsJsonObject();
        assertEquals(3, report.get("images").getAsInt());
        assertEquals(4, report.getAsJsonArray("stages").size());
        assertFalse(report.has("ceilingGflops"), "no ceiling, no network");
        assertTrue(result.err().startsWith("Data pipeline: 3 JPEGs"), result.err());
    }

    @Test
    void badValuesAreRefusedBeforeAnythingIsMeasured() {
        String[][] cases = {
            {"bench", "--variant", "nope"},
            {"bench", "--pipeline-images", "-1", "--cpu"},
            {"bench", "inference", "--batch-sizes", "0", "--cpu"},
            {"bench", "training", "--batch-size", "0"},
            {"bench", "pipeline", "--images", "0"},
            {"bench", "profile", "--batch-size", "0"},
            {"bench", "soak", "--steps", "0", "--predictions", "0"},
        };
        for (String[] args : cases) {
            CommandRun result = run(args);
            assertEquals(2, result.status(), String.join(" ", args) + ": " + result.err());
            assertEquals("", result.out(), String.join(" ", args));
        }
    }
}
