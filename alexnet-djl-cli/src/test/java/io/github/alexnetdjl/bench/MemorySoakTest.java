package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A few steps of the soak on a tiny network: the report's phases, samples and drifts fit together. */
class MemorySoakTest {

    private static final Supplier<AlexNetBlock> TINY =
            () -> AlexNetBlock.builder()
                    .optInputShape(3, 64, 64)
                    .optFilters(8, 16, 24, 24, 16)
                    .optDenseUnits(32, 32)
                    .optNumClasses(10)
                    .build();

    @Test
    void samplesEachPhaseAndReportsTheDriftBetweenItsHalves() {
        List<String> progress = new ArrayList<>();
        SoakReport report = MemorySoak.builder()
                .setNetwork("tiny", TINY)
                .optModelFactory(ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build())
                .optTraining(4, 2)
                .optPredictions(6, 1)
                .optSampling(3, 1)
                .build()
                .run(progress::add);

        assertEquals("tiny", report.variant());
        assertEquals("(3, 64, 64)", report.imageShape());
        assertEquals(List.of("training", "prediction"),
                report.phases().stream().map(SoakReport.Phase::workload).toList());
        SoakReport.Phase training = report.phases().get(0);
        SoakReport.Phase prediction = report.phases().get(1);
        assertEquals(4, training.steps());
        assertEquals(2, training.batchSize());
        assertEquals(1, training.warmupSteps());
        // every max(1, 4 / 3) = 1 step, and every 6 / 3 = 2 predictions, after a first sample at step 0
        assertEquals(List.of(0, 1, 2, 3, 4), training.samples().stream().map(SoakReport.Sample::step).toList());
        assertEquals(List.of(0, 2, 4, 6), prediction.samples().stream().map(SoakReport.Sample::step).toList());
        assertEquals(4 + 3, progress.size(), progress.toString()); // one line per sample after the first
        for (SoakReport.Phase phase : report.phases()) {
            long[] heap = phase.samples().stream().mapToLong(SoakReport.Sample::heapAfterGcBytes).toArray();
            long[] resident = phase.samples().stream().mapToLong(SoakReport.Sample::residentBytes).toArray();
            for (int i = 0; i < heap.length; i++) {
                assertTrue(heap[i] > 0 && resident[i] > heap[i], phase.toString());
            }
            assertEquals(naiveDrift(heap), phase.heapDrift(), 1e-12);
            assertEquals(naiveDrift(resident), phase.residentDrift(), 1e-12);
            assertEquals(Math.abs(phase.heapDrift()) <= 0.05 && Math.abs(phase.residentDrift()) <= 0.05, phase.flat());
            assertTrue(phase.seconds() > 0);
        }
    }

    @Test
    void driftComparesTheHalvesAndLeavesTheMiddleOut() {
        assertEquals(0.05, MemorySoak.drift(new long[] {100, 100, 105, 105}), 1e-12);
        assertEquals(0.0, MemorySoak.drift(new long[] {100, 500, 100}), 1e-12);
        assertEquals(-0.5, MemorySoak.drift(new long[] {200, 300, 100, 150}), 1e-12);
    }

    @Test
    void rejectsARunWithNothingToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemorySoak.builder().setNetwork("tiny", TINY).optTraining(0, 2).optPredictions(0, 1).build());
        assertTrue(e.getMessage().contains("not both 0"), e.getMessage());
    }

    /** The mean of the last half over the mean of the first half, minus 1, written out separately. */
    private static double naiveDrift(long[] values) {
        int half = values.length / 2;
        double first = 0;
        double second = 0;
        for (int i = 0; i < half; i++) {
            first += values[i] / (double) half;
        }
        for (int i = values.length - half; i < values.length; i++) {
            second += values[i] / (double) half;
        }
        return second / first - 1;
    }
}
