package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A smoke run of the harness on a tiny network: the report is complete and its numbers consistent. */
class BenchmarkTest {

    private static final Supplier<AlexNetBlock> TINY =
            () ->
                    AlexNetBlock.builder()
                            .optInputShape(3, 64, 64)
                            .optFilters(8, 16, 24, 24, 16)
                            .optDenseUnits(32, 32)
                            .optNumClasses(10)
                            .build();

    @Test
    void reportsEveryWorkloadAsAFractionOfTheCeiling() {
        List<Throughput> seen = new ArrayList<>();
        BenchReport report =
                Benchmark.builder()
                        .setNetwork("tiny", TINY)
                        .optModelFactory(ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build())
                        .optInferenceBatchSizes(1, 3)
                        .optTrainingBatchSize(2)
                        .optQuick(true)
                        .optMinIterations(2)
                        .optMatmul(0.01, 32, 64)
                        .optConvolutionBatch(1)
                        .build()
                        .run(seen::add);

        assertEquals(3, report.results().size());
        // progress sees each result against the first ceiling, the report against the final, better one
        assertEquals(report.results(), seen.stream().map(t -> t.withCeiling(report.ceilingGflops(), report.ceilingGflopsPerCpuSecond())).toList());
        assertEquals(List.of("inference", "inference", "training"),
                report.results().stream().map(Throughput::workload).toList());
        assertEquals(List.of(1, 3, 2), report.results().stream().map(Throughput::batchSize).toList());

        AlexNetBlock tiny = TINY.get();
        double forward = FlopCounter.forwardFlops(tiny.getSpec(), 1);
        assertEquals(forward / 1e9, report.forwardGflopsPerImage(), 1e-12);
        assertEquals(List.of(32, 64), List.copyOf(report.ceilingBySize().keySet()));
        assertEquals(List.of("256@5x5 on (1, 96, 27, 27)", "384@3x3 on (1, 256, 13, 13)"),
                List.copyOf(report.ceilingConvolutions().keySet()));
        // the ceiling is the best kernel of both kinds, and names its kind
        double matmul = report.ceilingBySize().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double conv = report.ceilingConvolutions().values().stream().mapToDouble(Double::doubleValue).max()
                .orElseThrow();
        assertEquals(Math.max(matmul, conv), report.ceilingGflops(), 1e-9);
        assertEquals(conv > matmul ? "convolution" : "matmul", report.ceilingKernel());
        assertNull(report.peer());
        for (Throughput t : report.results()) {
            assertTrue(t.iterations() >= 2, t.toString());
            assertTrue(t.imagesPerSecond() > 0 && t.medianMillis() > 0 && t.p90Millis() >= t.medianMillis(), t.toString());
            double flopsPerImage = t.workload().equals("training") ? 3 * forward : forward;
            assertEquals(t.imagesPerSecond() * flopsPerImage / 1e9, t.gflops(), 1e-9 * t.gflops());
            assertEquals(t.gflops() / report.ceilingGflops(), t.fractionOfCeiling(), 1e-12);
            // CPU time comes in 10 ms ticks: a tiny network's batches may show none, and then no CPU figures
            assertTrue(t.cpuMillisPerBatch() >= 0 && t.minorFaultsPerBatch() >= 0, t.toString());
            if (t.cpuMillisPerBatch() > 0) {
                assertEquals(t.batchSize() * flopsPerImage
                        / (t.cpuMillisPerBatch() * 1e6), t.gflopsPerCpuSecond(), 1e-9 * t.gflopsPerCpuSecond());
            } else {
                assertEquals(0, t.gflopsPerCpuSecond());
            }
            double expectedFraction = report.ceilingGflopsPerCpuSecond() > 0
                    ? t.gflopsPerCpuSecond() / report.ceilingGflopsPerCpuSecond() : 0;
            assertEquals(expectedFraction, t.cpuFractionOfCeiling(), 1e-12);
            assertTrue(Double.isFinite(t.cpuFractionOfCeiling()), t.toString());
        }
        assertEquals(3, report.memory().residentAfterEachResultBytes().size());
        assertTrue(report.memory().heapPeakBytes() > 0);
        assertTrue(report.memory().residentPeakBytes() >= report.memory().residentEndBytes());
        assertEquals("cpu()", report.device());
        // a smoke run's timing, with the fewest batches given explicitly
        assertEquals(1, report.options().get("warmupBatches"));
        assertEquals(2, report.options().get("minIterations"));
        assertEquals(0.0, report.options().get("minSeconds"));
        assertFalse(LibTorch.isGradMode(), "the run must restore the thread's grad mode");

        JsonObject json = JsonUtils.GSON.fromJson(JsonUtils.GSON_PRETTY.toJson(report), JsonObject.class);
        assertEquals("tiny", json.get("variant").getAsString());
        assertEquals(3, json.getAsJsonArray("results").size());
        assertEquals(report.ceilingGflops(), json.get("ceilingGflops").getAsDouble(), 1e-9);
    }

    @Test
    void onnxRuntimeRunsTheSameNetworkAsThePeerAndAsOurEngine() {
        List<Throughput> peerSeen = new ArrayList<>();
        BenchReport report =
                Benchmark.builder()
                        .setNetwork("tiny", TINY)
                        .optModelFactory(ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build())
                        .optInferenceBatchSizes(1, 3)
                        .optTrainingBatchSize(0)
                        .optIterations(0, 2, 0)
                        .optMatmul(0.01, 32)
                        .optConvolutionBatch(1)
                        .optOnnxRuntimePeer(true)
                        .optOnnxRuntimeEngine(true)
                        .build()
                        .run(result -> {}, peerSeen::add);

        assertEquals("OnnxRuntime", report.options().get("inferenceEngine"));
        assertEquals(List.of(1, 3), report.results().stream().map(Throughput::batchSize).toList());
        PeerReport peer = report.peer();
        assertTrue(peer.engine().startsWith("ONNX Runtime 1."), peer.engine());
        assertEquals(LibTorch.intraOpThreads(), peer.intraOpThreads());
        assertTrue(peer.maxAbsDifference() <= 1e-5, "outputs differ by " + peer.maxAbsDifference());
        assertEquals(List.of(1, 3), peer.results().stream().map(Throughput::batchSize).toList());
        assertEquals(peer.results(), peerSeen.stream()
                .map(t -> t.withCeiling(report.ceilingGflops(), report.ceilingGflopsPerCpuSecond())).toList());
        assertEquals(2, peer.comparisons().size());
        for (PeerReport.Comparison c : peer.comparisons()) {
            Throughput ours = report.results().stream().filter(t -> t.batchSize() == c.batchSize()).findFirst()
                    .orElseThrow();
            Throughput theirs = peer.results().stream().filter(t -> t.batchSize() == c.batchSize()).findFirst()
                    .orElseThrow();
            assertEquals(ours.imagesPerSecond(), c.imagesPerSecond(), 0);
            assertEquals(theirs.imagesPerSecond(), c.peerImagesPerSecond(), 0);
            assertEquals(ours.imagesPerSecond() / theirs.imagesPerSecond(), c.ratio(), 1e-12);
        }
    }

    @Test
    void throughputFromBatchTimes() {
        // 4 batches of 2 images: 10, 20, 30, 40 ms -> 8 images in 0.1 s
        Throughput t = Throughput.of(
                "inference", 2,
                new Throughput.Timing(new long[] {40_000_000, 10_000_000, 30_000_000, 20_000_000}, 60_000_000, 100),
                1e9, 160, 40);
        assertEquals(80.0, t.imagesPerSecond(), 1e-9);
        assertEquals(20.0, t.medianMillis(), 1e-9);
        assertEquals(40.0, t.p90Millis(), 1e-9);
        assertEquals(80.0, t.gflops(), 1e-9);
        assertEquals(0.5, t.fractionOfCeiling(), 1e-12);
        assertEquals(15.0, t.cpuMillisPerBatch(), 1e-9);
        assertEquals(25.0, t.minorFaultsPerBatch(), 1e-9);
        // 8 images x 1 GFLOP in 60 ms of CPU
        assertEquals(8 / 0.06, t.gflopsPerCpuSecond(), 1e-9);
        assertEquals(8 / 0.06 / 40, t.cpuFractionOfCeiling(), 1e-12);

        Throughput unmeasured = Throughput.of("inference", 2, new Throughput.Timing(new long[] {1_000_000}, 0, 0), 1e9, 160, 40);
        assertEquals(0, unmeasured.gflopsPerCpuSecond());
        assertEquals(0, unmeasured.cpuFractionOfCeiling());
    }

    @Test
    void rejectsMissingNetworkAndBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> Benchmark.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> Benchmark.builder().setNetwork("tiny", TINY).optInferenceBatchSizes(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> Benchmark.builder().setNetwork("tiny", TINY).optIterations(0, 0, 0).build());
    }
}
