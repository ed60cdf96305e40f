package io.github.alexnetdjl.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The libtorch settings that DJL 0.25 offers only through its JNI internals, kept here so that no other
 * package depends on them. Each call loads the engine first: the JNI functions need libtorch in the process.
 */
public final class LibTorch {

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
