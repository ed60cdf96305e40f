package io.github.alexnetdjl.bench;

import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.alexnetdjl.onnx.OnnxExport;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs an exported network in ONNX Runtime (its Java API, CPU execution provider) as a user would: all graph
 * optimizations, sequential execution, as many intra-op threads as libtorch has. The only class of the
 * library that needs ONNX Runtime on the class path, and only when a benchmark asks for the peer.
 */
final class OnnxRuntimePeer {

    private OnnxRuntimePeer() {}

    /**
     * Checks the peer's output against the network's on one input, then times each batch size.
     *
     * @param file the exported network
     * @param image one image's shape
     * @param probe the input the network's output was computed on, a batch of 1
     * @param expected the network's output on it
     * @param batchSizes the batch sizes to time
     * @param threads the intra-op threads
     * @param timer the timing rule
     * @param flopsPerImage forward FLOPs of one image
     * @param ceiling the ceiling the fractions are computed against
     * @param progress receives each result as soon as it is measured
     * @return the peer's report, without comparisons
     */
    static PeerReport measure(Path file, Shape image, float[] probe, float[] expected, int[] batchSizes,
            int threads, BatchTimer timer, double flopsPerImage, Ceiling ceiling, Consumer<Throughput> progress) {
        OrtEnvironment env = OnnxRuntimeInference.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                double difference = maxAbsDifference(expected, run(env, session, probe, new Shape(1).addAll(image)));
                List<Throughput> results = new ArrayList<>();
                Random random = new Random(1);
                for (int batchSize : batchSizes) {
                    Shape shape = new Shape(batchSize).addAll(image);
                    float[] input = new float[Math.toIntExact(shape.size())];
                    for (int i = 0; i < input.length; i++) {
                        input[i] = random.nextFloat();
                    }
                    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape())) {
                        Throughput.Timing timing = timer.time(() -> {
                            try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
                                result.get(0);
                            } catch (OrtException e) {
                                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
                            }
                        });
                        Throughput result = Throughput.of("inference", batchSize, timing, flopsPerImage, ceiling.gflops(),
                                ceiling.gflopsPerCpuSecond());
                        results.add(result);
                        progress.accept(result);
                    }
                }
                return new PeerReport("ONNX Runtime " + env.getVersion(), threads, 1, difference, results, List.of());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] input, Shape shape)
            throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape());
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    private static double maxAbsDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalStateException("ONNX Runtime returned " + actual.length + " values, the network "
                    + expected.length);
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        return worst;
    }
}
