package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A few small JPEGs through the pipeline benchmark: every stage is reported and its rates agree. */
class PipelineBenchmarkTest {

    @Test
    void reportsEachStageAndTheOneThreadBreakdown() throws IOException {
        for (boolean onDevice : new boolean[] {true, false}) {
            check(onDevice);
        }
    }

    private static void check(boolean onDevice) throws IOException {
        PipelineReport report = PipelineBenchmark.builder()
                .optImages(5)
                .optImageSize(80, 60)
                .optSides(40, 32)
                .optBatchSize(2)
                .optEpochs(2)
                .optNormalizeOnDevice(onDevice)
                .build()
                .run();

        assertEquals(onDevice, report.normalizeOnDevice());
        assertEquals(5, report.images());
        assertEquals(80, report.width());
        assertEquals(60, report.height());
        assertTrue(report.meanJpegBytes() > 0);
        assertEquals(List.of("decode once", "first epoch", "augment+batch", "cold"),
                report.stages().stream().map(PipelineReport.Stage::name).toList());
        assertEquals(List.of(5, 5, 10, 5), report.stages().stream().map(PipelineReport.Stage::images).toList());
        for (PipelineReport.Stage stage : report.stages()) {
            assertEquals(stage.images() / stage.seconds(), stage.imagesPerSecond(), 1e-9 * stage.imagesPerSecond());
            assertEquals(stage.imagesPerSecond() / report.threads(), stage.imagesPerSecondPerCore(), 1e-9);
        }
        assertEquals(List.of("JPEG decode", "resize to 40 (crop window)", "random crop + flip", "normalize"),
                List.copyOf(report.millisPerImageOneThread().keySet()));
    }

    @Test
    void rejectsACropLargerThanTheImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineBenchmark.builder().optImageSize(100, 50).optSides(64, 60).build());
        assertTrue(e.getMessage().contains("crop 60"), e.getMessage());
    }
}
