package io.github.alexnetdjl.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The libtorch settings that DJL 0.25 offers only through its JNI internals, kept here so that no other
 * package depends on them. Each call loads the engine first: the JNI functions need libtorch in the process.
 */
public final class LibTorch {

    private static final NDIndex EVERY_ELEMENT = new NDIndex("...");

    private LibTorch() {}

    /**
     * Returns whether libtorch records the autograd graph on the calling thread. Grad mode is per thread, and
     * DJL 0.25 switches it off only on the thread that loaded the engine.
     *
     * @return whether grad mode is on for this thread
     */
    public static boolean isGradMode() {
        load();
        return JniUtils.isGradMode();
    }

    /**
     * Switches libtorch's autograd recording on or off for the calling thread: off for inference, where a
     * recorded graph costs memory and time for nothing.
     *
     * @param on whether to record the graph
     */
    public static void setGradMode(boolean on) {
        load();
        JniUtils.setGradMode(on);
    }

    /**
     * Sets libtorch's grad mode on the calling thread until the returned scope is closed, which restores the
     * mode the thread had: {@code try (LibTorch.GradMode off = LibTorch.gradMode(false)) { ... }}.
     *
     * @param on whether to record the autograd graph inside the scope
     * @return the scope, to be closed on the same thread
     */
    public static GradMode gradMode(boolean on) {
        GradMode scope = new GradMode(isGradMode());
        setGradMode(on);
        return scope;
    }

    /** A span of code with a grad mode of its own; closing it restores the thread's previous mode. */
    public static final class GradMode implements AutoCloseable {

        private final boolean previous;

        private GradMode(boolean previous) {
            this.previous = previous;
        }

        /** Restores the grad mode the thread had when the scope was opened. */
        @Override
        public void close() {
            setGradMode(previous);
        }
    }

    /**
     * Back-propagates from a scalar on the calling thread without DJL's {@code GradientCollector}: DJL allows one
     * collector in the whole process, so an explanation computed while another thread trains would collide with
     * the trainer's. The gradient lands in every array that requires one ({@code getGradient()}).
     *
     * @param scalar the value to differentiate, a PyTorch array recorded with grad mode on
     */
    public static void backward(NDArray scalar) {
        load();
        try (NDArray seed = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
        }
    }

    /**
     * Overwrites an array's values in place with those of another of the same shape, type and device, keeping
     * the array itself: a parameter stays the block's parameter, with its gradient flag. Not through DJL's
     * {@code NDArray.set(Buffer)}, whose native copy runs under libtorch's deprecated {@code
     * AutoNonVariableTypeMode} and prints libtorch's warning about it ("risk of producing silent wrong
     * result") on stderr the first time; an assignment to every element ({@code ...}) is the same copy without
     * it. Grad mode is off meanwhile, since libtorch refuses in-place writes to an array that requires its
     * gradient otherwise.
     *
     * @param target the array to overwrite
     * @param values its new values
     */
    public static void overwrite(NDArray target, NDArray values) {
        try (GradMode off = gradMode(false)) {
            target.set(EVERY_ELEMENT, values);
        }
    }

    /**
     * Returns libtorch's intra-op threads: how many threads one operator runs on
     * ({@code -Dai.djl.pytorch.num_threads} sets it).
     *
     * @return the thread count
     */
    public static int intraOpThreads() {
        load();
        return JniUtils.getNumThreads();
    }

    /**
     * Sets libtorch's intra-op threads for the process, e.g. one per process where several share a machine.
     *
     * @param threads the thread count, at least 1
     * @throws IllegalArgumentException if the count is below 1
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        load();
        JniUtils.setNumThreads(threads);
    }

    /**
     * Returns libtorch's inter-op threads: how many operators may run at once.
     *
     * @return the thread count
     */
    public static int interOpThreads() {
        load();
        return JniUtils.getNumInteropThreads();
    }

    /**
     * Switches cuDNN's autotuner ({@code torch.backends.cudnn.benchmark}) on or off for the process.
     *
     * @param on whether cuDNN may benchmark its convolution algorithms
     */
    static void setCudnnBenchmark(boolean on) {
        load();
        JniUtils.setBenchmarkCuDNN(on);
    }

    private static void load() {
        Engine.getEngine(ModelFactory.ENGINE);
    }
}
