package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.alexnetdjl.training.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsChartTest {

    @TempDir
    Path temp;

    @Test
    void drawsLossAndAccuracySideBySideNextToMetricsCsv() throws Exception {
        new MetricsChart(temp).onHistory(List.of(
                new EpochMetrics(1, 2.0, 0.2, 1.9, 0.25, 0.6, 50),
                new EpochMetrics(2, 1.5, 0.4, 1.6, 0.35, 0.8, 55)));
        BufferedImage png = ImageIO.read(temp.resolve(MetricsChart.FILE_NAME).toFile());
        assertEquals(1200, png.getWidth(), "two 600-pixel charts");
        assertEquals(400, png.getHeight());
        assertNotEquals(png.getRGB(10, 10), png.getRGB(300, 200) ^ 0xFFFFFF, "not blank");
        try (var files = Files.list(temp)) {
            assertEquals(List.of(temp.resolve(MetricsChart.FILE_NAME)), files.toList(), "no temporary file left");
        }
    }
}
