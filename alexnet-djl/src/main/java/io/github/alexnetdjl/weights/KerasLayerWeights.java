package io.github.alexnetdjl.weights;

import java.util.List;

/**
 * The weights of one Keras layer, in the order Keras keeps them ({@code layer.weights}): kernel and bias
 * for Conv2D and Dense; gamma, beta, moving_mean, moving_variance for BatchNormalization.
 *
 * @param name the layer's name in the file, e.g. {@code conv2d_3}
 * @param weights the arrays in Keras's shapes (Conv2D kernels HWIO, Dense kernels (in, out))
 */
public record KerasLayerWeights(String name, List<WeightTensor> weights) {

    /** What a layer's weights say it is. */
    enum Kind {
        /** A 4-d kernel and a bias. */
        CONV,
        /** Four vectors of equal length. */
        BATCH_NORM,
        /** A 2-d kernel and a bias. */
        DENSE,
        /** No weights (ReLU, pooling, ...). */
        NONE,
        /** Anything else. */
        OTHER
    }

    /**
     * Classifies the layer by the ranks of its weights, not by its name.
     *
     * @return the kind of layer
     */
    Kind kind() {
        int[] ranks = weights.stream().mapToInt(w -> w.shape().dimension()).toArray();
        if (ranks.length == 0) {
            return Kind.NONE;
        }
        if (ranks.length == 2 && ranks[1] == 1 && (ranks[0] == 4 || ranks[0] == 2)) {
            return ranks[0] == 4 ? Kind.CONV : Kind.DENSE;
        }
        if (ranks.length == 4 && ranks[0] == 1 && ranks[1] == 1 && ranks[2] == 1 && ranks[3] == 1) {
            return Kind.BATCH_NORM;
        }
        return Kind.OTHER;
    }
}
