package io.github.alexnetdjl.spark;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.LibTorch;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * The models an executor JVM has loaded, one per {@link ModelKey}, loaded by the first task that needs one and
 * shared by every later task and thread of the JVM: a 250 MB model is read once per executor, not once per
 * task or image. Tasks that need a model being loaded wait for it; a load that fails is tried again by the next
 * task. The models live as long as the JVM, as an executor's do.
 */
final class ExecutorModels {

    /** DJL's system property for libtorch's intra-op threads: when the user set it, it is left alone. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static final ConcurrentMap<ModelKey, Slot> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        // DJL 0.25 reads these on its first use: never reach the network from an executor, never report usage.
        defaultProperty("offline", "true");
        defaultProperty("OPT_OUT_TRACKING", "true");
    }

    private ExecutorModels() {}

    /**
     * Returns the model for a key, loading it if this JVM has not yet.
     *
     * @param key the model directory and how it is loaded
     * @param hadoop reaches the model directory when it is not local
     * @param threads libtorch's intra-op threads, set once per JVM by the first load, unless the JVM was started
     *     with {@value #THREADS_PROPERTY}
     * @return the shared model; never closed by the caller
     * @throws IOException if the model directory cannot be read
     * @throws MalformedModelException if its files do not fit together
     */
    static AlexNet get(ModelKey key, Configuration hadoop, int threads) throws IOException, MalformedModelException {
        return MODELS.computeIfAbsent(key, Slot::new).get(hadoop, threads);
    }

    /**
     * Returns how many models this JVM has loaded.
     *
     * @return the number of loads that succeeded
     */
    static int loads() {
        return LOADS.get();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** One key's model: loaded under this slot's lock, so the map is never locked while a model loads. */
    private static final class Slot {

        private final ModelKey key;
        private AlexNet model;

        Slot(ModelKey key) {
            this.key = key;
        }

        synchronized AlexNet get(Configuration hadoop, int threads) throws IOException, MalformedModelException {
            if (model == null) {
                try (ModelFiles files = ModelFiles.open(key.model(), hadoop)) {
                    model = AlexNet.load(files.directory(), key.options());
                }
                // The engine is up now; intra-op threads are a process-wide setting.
                if (System.getProperty(THREADS_PROPERTY) == null && LOADS.get() == 0) {
                    LibTorch.setIntraOpThreads(threads);
                }
                LOADS.incrementAndGet();
            }
            return model;
        }
    }
}
