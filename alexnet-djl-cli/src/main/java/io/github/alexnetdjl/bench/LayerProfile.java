package io.github.alexnetdjl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.model.AlexNetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an inference batch's time goes: each leaf layer of a sequential network run on its own, timed over
 * several batches. Convolutions and dense layers show their GFLOP/s; element-wise layers show the time a
 * pass over their output costs.
 *
 * <pre>{@code
 * for (LayerProfile.Layer layer : LayerProfile.measure(block.getSpec(), net, manager, 32, 5)) {
 *     System.out.println(layer);
 * }
 * }</pre>
 *
 * <p>Shapes and FLOPs come from the network's spec; the timed network may be a rewrite of its block ({@link
 * io.github.alexnetdjl.inference.InferenceOptimizer}) whose leaves keep their paths.
 *
 * @see FlopCounter
 */
public final class LayerProfile {

    private LayerProfile() {}

    /**
     * One leaf layer's share of a forward pass.
     *
     * @param path the layer's path, e.g. "conv1.relu"
     * @param type the block's class name
     * @param outputShape the layer's output shape
     * @param flops the layer's FLOPs for the batch (0 for element-wise layers)
     * @param medianMillis the median wall time of the layer over the batches
     * @param cpuMillis the process's mean CPU time in the layer per batch
     */
    public record Layer(
            String path, String type, String outputShape, long flops, double medianMillis, double cpuMillis) {

        /**
         * Returns the layer's speed: FLOPs over its median time.
         *
         * @return GFLOP/s, 0 for element-wise layers
         */
        public double gflops() {
            return flops / medianMillis / 1e6;
        }
    }

    /**
     * Times every leaf layer in inference mode.
     *
     * @param spec the network's spec, for each leaf's output shape and FLOPs
     * @param net an initialized network of (nested) sequential blocks whose leaves have the spec's paths: the
     *     spec's block or a rewrite of it
     * @param manager a manager on the network's device, for the random input
     * @param batchSize the images in a batch
     * @param batches how many batches to time (after one warm-up batch)
     * @return the leaf layers in order
     * @throws IllegalArgumentException if there is no batch to time, or a leaf's path is not in the spec
     */
    public static List<Layer> measure(AlexNetSpec spec, Block net, NDManager manager, int batchSize, int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("need at least 1 batch to time, got " + batches);
        }
        List<Pair<String, Block>> leaves = new ArrayList<>();
        collect("", net, leaves);
        List<io.github.alexnetdjl.model.Layer> specLayers = new ArrayList<>();
        for (Pair<String, Block> leaf : leaves) {
            specLayers.add(spec.layer(leaf.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "the network's layer " + leaf.getKey() + " is not in its spec")));
        }
        long[][] wall = new long[leaves.size()][batches];
        long[] cpu = new long[leaves.size()];
        ParameterStore parameters = new ParameterStore(manager, false);
        Shape input = new Shape(batchSize).addAll(spec.inputShape());
        for (int batch = -1; batch < batches; batch++) {
            try (NDManager scope = manager.newSubManager()) {
                NDList current = new NDList(scope.randomUniform(0f, 1f, input));
                for (int i = 0; i < leaves.size(); i++) {
                    long cpuStart = MemoryProbe.processCpuNanos();
                    long start = System.nanoTime();
                    NDList next = leaves.get(i).getValue().forward(parameters, current, false);
                    NDArray first = next.head();
                    if (first.getDevice().isGpu()) {
                        first.getFloat(0); // wait for the device
                    }
                    if (batch >= 0) {
                        wall[i][batch] = System.nanoTime() - start;
                        cpu[i] += MemoryProbe.processCpuNanos() - cpuStart;
                    }
                    current = next;
                }
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            long[] times = wall[i].clone();
            Arrays.sort(times);
            layers.add(new Layer(
                    leaves.get(i).getKey(),
                    leaves.get(i).getValue().getClass().getSimpleName(),
                    specLayers.get(i).output(batchSize).toString(),
                    FlopCounter.forwardFlops(specLayers.get(i), batchSize),
                    times[times.length / 2] / 1e6,
                    cpu[i] / 1e6 / batches));
        }
        return layers;
    }

    private static void collect(String prefix, Block block, List<Pair<String, Block>> leaves) {
        for (Pair<String, Block> child : block.getChildren()) {
            String path = prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey();
            if (child.getValue() instanceof SequentialBlock) {
                collect(path, child.getValue(), leaves);
            } else {
                leaves.add(new Pair<>(path, child.getValue()));
            }
        }
    }
}
