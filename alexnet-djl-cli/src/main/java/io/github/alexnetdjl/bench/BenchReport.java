package io.github.alexnetdjl.bench;

import ai.djl.util.JsonUtils;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one {@link Benchmark} run measured, with the conditions it ran under. Serializes to JSON as is
 * ({@code ./alexnet bench --json}).
 *
 * @param variant the network's name, e.g. "seed"
 * @param imageShape one image's shape, e.g. "(3, 224, 224)"
 * @param engine engine name and version, e.g. "PyTorch 2.0.1"
 * @param djlVersion DJL's version
 * @param device the device the models ran on
 * @param cpu the CPU's model name
 * @param availableProcessors the processors the JVM may use
 * @param intraOpThreads libtorch's intra-op threads
 * @param interOpThreads libtorch's inter-op threads
 * @param environment the allocator and OpenMP settings in effect (glibc's MALLOC_* variables, LD_PRELOAD,
 *     OMP_*, GOMP_SPINCOUNT)
 * @param options the levers this run used, e.g. foldBatchNorm=true
 * @param loadAverage the one-minute load average when the run started, -1 where unknown
 * @param ceilingGflops the ceiling: the best kernel's GFLOP/s, of {@code ceilingBySize} and {@code
 *     ceilingConvolutions}
 * @param ceilingGflopsPerCpuSecond the ceiling by CPU time: the best kernel's FLOPs per CPU-second of the
 *     process
 * @param ceilingBySize matrix-multiply GFLOP/s by matrix side
 * @param forwardGflopsPerImage forward FLOPs of one image, in billions
 * @param results inference and training throughput, each as a fraction of the ceiling
 * @param memory heap and resident memory
 * @param pipeline the data pipeline's throughput, null when it was not measured
 * @param ceilingKernel which kernel set the ceiling: "matmul" or "convolution"
 * @param ceilingConvolutions convolution GFLOP/s by shape
 * @param processorPeak the processor's theoretical float32 peak, an estimate
 * @param peer the same network in ONNX Runtime, null when it was not measured
 */
public record BenchReport(
        String variant,
        String imageShape,
        String engine,
        String djlVersion,
        String device,
        String cpu,
        int availableProcessors,
        int intraOpThreads,
        int interOpThreads,
        Map<String, String> environment,
        Map<String, Object> options,
        double loadAverage,
        double ceilingGflops,
        double ceilingGflopsPerCpuSecond,
        Map<Integer, Double> ceilingBySize,
        double forwardGflopsPerImage,
        List<Throughput> results,
        Memory memory,
        PipelineReport pipeline,
        String ceilingKernel,
        Map<String, Double> ceilingConvolutions,
        ProcessorPeak processorPeak,
        PeerReport peer) {

    /** A report is a few kB: a file far larger is not one, and is refused before it is read. */
    private static final long MAX_BYTES = 16L << 20;

    /**
     * Reads a report saved as JSON.
     *
     * @param file the file
     * @return the report
     * @throws IOException if the file cannot be read, or does not hold a report; the message names it
     */
    public static BenchReport read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(String.format(Locale.ROOT, "%s: %,d bytes, not a bench report (at most %,d)",
                    file, size, MAX_BYTES));
        }
        BenchReport report;
        try {
            report = JsonUtils.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), BenchReport.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a bench report (" + e.getMessage() + ")", e);
        }
        if (report == null || report.results() == null) {
            throw new IOException(file + ": not a bench report (it has no results)");
        }
        return report;
    }

    /**
     * Returns this report with the data pipeline's results.
     *
     * @param pipeline the pipeline's report
     * @return a copy holding it
     */
    public BenchReport withPipeline(PipelineReport pipeline) {
        return new BenchReport(variant, imageShape, engine, djlVersion, device, cpu, availableProcessors,
                intraOpThreads, interOpThreads, environment, options, loadAverage, ceilingGflops,
                ceilingGflopsPerCpuSecond, ceilingBySize, forwardGflopsPerImage, results, memory, pipeline,
                ceilingKernel, ceilingConvolutions, processorPeak, peer);
    }

    /**
     * Memory over the whole run.
     *
     * @param heapPeakBytes peak Java heap in use
     * @param residentStartBytes resident set before the first model was built
     * @param residentEndBytes resident set after the last timed batch
     * @param residentPeakBytes peak resident set of the process ({@code VmHWM})
     * @param residentAfterEachResultBytes resident set after each result, in the order of {@code results}
     */
    public record Memory(
            long heapPeakBytes,
            long residentStartBytes,
            long residentEndBytes,
            long residentPeakBytes,
            List<Long> residentAfterEachResultBytes) {}
}
