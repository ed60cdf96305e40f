package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.util.JsonUtils;
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

/** The bench command's options that need no measurement: charts of saved reports and bad input. */
class BenchCommandTest {

    @TempDir Path dir;

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
    void chartsSavedReportsSideBySide() throws IOException {
        Path chart = dir.resolve("levers.png");
        int status = Main.run("bench", "--chart", chart.toString(),
                "--compare", "before=" + saved("before", 600e6),
                "--compare", "after=" + saved("after", 300e6));
        assertEquals(0, status);
        BufferedImage image = ImageIO.read(chart.toFile());
        assertNotNull(image, "a PNG");
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void rejectsUnknownVariantsAndUnreadableReports() {
        assertNotEquals(0, Main.run("bench", "--variant", "nope"));
        assertNotEquals(0, Main.run("bench", "--chart", dir.resolve("x.png").toString(),
                "--compare", "a=" + dir.resolve("missing.json")));
        assertNotEquals(0, Main.run("bench", "--compare", "a=whatever.json"));
    }
}
