package io.github.alexnetdjl.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.github.alexnetdjl.inference.InferenceOptimizer;

/**
 * The inference rewrites a benchmark measures with, each on by default ({@link #DEFAULTS}), as {@code predict}
 * and {@code evaluate} run them; switching one off measures what it is worth.
 *
 * @param foldBatchNorm BatchNorm folded into the convolutions ({@link InferenceOptimizer#foldBatchNorm})
 * @param channelsLast convolution weights channels-last ({@link InferenceOptimizer#channelsLast})
 * @param weightMajorDense dense layers multiplied weight-major ({@link InferenceOptimizer#weightMajorDense})
 * @param gradMode autograd left on during inference, which the library switches off
 */
public record InferenceLevers(boolean foldBatchNorm, boolean channelsLast, boolean weightMajorDense,
        boolean gradMode) {

    /** Every rewrite on and autograd off: inference as the library runs it. */
    public static final InferenceLevers DEFAULTS = new InferenceLevers(true, true, true, false);

    /**
     * Applies the rewrites that are on to an initialized network.
     *
     * @param block the network
     * @param manager a manager on the network's device, for the rewritten parameters
     * @return the network to run: the block itself when every rewrite is off
     */
    public Block apply(Block block, NDManager manager) {
        Block net = foldBatchNorm ? InferenceOptimizer.foldBatchNorm(block, manager) : block;
        net = channelsLast ? InferenceOptimizer.channelsLast(net, manager) : net;
        return weightMajorDense ? InferenceOptimizer.weightMajorDense(net, manager) : net;
    }
}
