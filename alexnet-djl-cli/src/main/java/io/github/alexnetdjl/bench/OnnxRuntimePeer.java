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
import java.util.Map;

/**
 * An exported network in ONNX Runtime (its Java API, CPU execution provider) as a user would run it: all graph
 * optimizations, sequential execution, as many intra-op threads as libtorch has. The only class of the
 * benchmark that needs ONNX Runtime on the class path, and only when a benchmark asks for the peer.
 */
final class OnnxRuntimePeer implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final Path file;
    private final int threads;

    private OnnxRuntimePeer(OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path file,
            int threads) {
        this.env = env;
        this.options = options;
        this.session = session;
        this.file = file;
        this.threads = threads;
    }

    /**
     * Loads an exported network.
     *
     * @param file the exported network
     * @param threads the intra-op threads
     * @return the peer, to be closed
     * @throws IllegalStateException if ONNX Runtime cannot load it
     */
    static OnnxRuntimePeer open(Path file, int threads) {
        OrtEnvironment env = OnnxRuntimeInference.environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxRuntimePeer(env, options, env.createSession(file.toString(), options), file, threads);
        } catch (OrtException e) {
            options.close();
            throw failure(file, e);
        }
    }

    /** Returns the peer's name and version, e.g. "ONNX Runtime 1.20.0". */
    String engine() {
        return "ONNX Runtime " + env.getVersion();
    }

    /** Returns the peer's intra-op threads. */
    int threads() {
        return threads;
    }

    /**
     * Runs one input and returns the largest difference from the network's output on it.
     *
     * @param input the input
     * @param shape its shape
     * @param expected the network's output on it
     * @return the largest absolute difference
     */
    double maxAbsDifference(float[] input, Shape shape, float[] expected) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape());
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            if (out.remaining() != expected.length) {
                throw new IllegalStateException("ONNX Runtime returned " + out.remaining() + " values, the network "
                        + expected.length);
            }
            double worst = 0;
            for (float value : expected) {
                worst = Math.max(worst, Math.abs(value - out.get()));
            }
            return worst;
        } catch (OrtException e) {
            throw failure(file, e);
        }
    }

    /**
     * Returns a batch to time: one input of the given shape, run as often as asked.
     *
     * @param input the batch's values
     * @param shape its shape
     * @return the batch, to be closed
     */
    Batch batch(float[] input, Shape shape) {
        try {
            return new Batch(OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.getShape()));
        } catch (OrtException e) {
            throw failure(file, e);
        }
    }

    /** One input held in ONNX Runtime's memory, run by {@link #run}. */
    final class Batch implements Runnable, AutoCloseable {
        private final OnnxTensor tensor;

        private Batch(OnnxTensor tensor) {
            this.tensor = tensor;
        }

        @Override
        public void run() {
            try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
                result.get(0);
            } catch (OrtException e) {
                throw failure(file, e);
            }
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw failure(file, e);
        } finally {
            options.close();
        }
    }

    private static IllegalStateException failure(Path file, OrtException e) {
        return new IllegalStateException("ONNX Runtime cannot run " + file + ": " + e.getMessage(), e);
    }
}
