package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Local Response Normalization across channels, as AlexNet (Krizhevsky et al., 2012, section 3.3) applies
 * it after the ReLUs of conv1 and conv2. DJL 0.25 has no such block. For an (N, C, H, W) input {@code a},
 *
 * <pre>
 * b[c] = a[c] / (k + s · Σ a[j]²)^β,   j from max(0, c − n/2) to min(C − 1, c + n/2)
 * </pre>
 *
 * where the window of {@code n} channels (n odd) is centred on {@code c} and cut at the first and last
 * channel, and the scale {@code s} depends on the {@link Scaling}:
 *
 * <ul>
 *   <li>{@link Scaling#PAPER} (the default): {@code s = α}, the paper's formula, as also TensorFlow's {@code
 *       tf.nn.local_response_normalization} computes it;
 *   <li>{@link Scaling#AVERAGE}: {@code s = α / n}, as Caffe ({@code LRN}, across channels), cuda-convnet and
 *       PyTorch ({@code nn.LocalResponseNorm}) compute it. The same {@code α} then normalizes n times less,
 *       so weights trained there need this option (or α multiplied by n) here.
 * </ul>
 *
 * <p>The defaults are the paper's values k = 2, n = 5, α = 1e-4, β = 0.75. The block has no parameters and
 * keeps its input's shape.
 *
 * <pre>{@code
 * Block lrn = LocalResponseNormalization.builder().build();          // the paper's LRN
 * Block caffe = LocalResponseNormalization.builder()
 *         .optScaling(LocalResponseNormalization.Scaling.AVERAGE).build();
 * }</pre>
 */
public final class LocalResponseNormalization extends AbstractBlock {

    /** How the sum of squares is scaled before k is added. */
    public enum Scaling {
        /** {@code k + α · Σ a²}: the paper's formula. */
        PAPER,
        /** {@code k + (α / n) · Σ a²}: Caffe's, cuda-convnet's and PyTorch's formula. */
        AVERAGE
    }

    private final int size;
    private final float k;
    private final float alpha;
    private final float beta;
    private final Scaling scaling;

    private LocalResponseNormalization(Builder builder) {
        size = builder.size;
        k = builder.k;
        alpha = builder.alpha;
        beta = builder.beta;
        scaling = builder.scaling;
    }

    /**
     * Returns a builder with the paper's values.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns n, the number of channels in the window.
     *
     * @return the window's size
     */
    public int getSize() {
        return size;
    }

    /**
     * Returns k, the constant added before the power.
     *
     * @return k
     */
    public float getK() {
        return k;
    }

    /**
     * Returns α as given; the sum of squares is scaled by it or by α / n, see {@link #getScaling()}.
     *
     * @return α
     */
    public float getAlpha() {
        return alpha;
    }

    /**
     * Returns β, the exponent.
     *
     * @return β
     */
    public float getBeta() {
        return beta;
    }

    /**
     * Returns whether α scales the sum of squares or their mean over the window.
     *
     * @return the scaling
     */
    public Scaling getScaling() {
        return scaling;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Shape shape = input.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    "LocalResponseNormalization expects (N, C, H, W) input, got " + shape);
        }
        long channels = shape.get(1);
        int half = size / 2;
        // The window sums over channels are one 1×1 convolution of the squares with a 0/1 band matrix
        // (C, C): a single oneDNN matrix multiply instead of n shifted slices added up plus two padding
        // copies; the same sums up to float rounding. Differentiable like any convolution.
        NDArray index = input.getManager().arange(0f, channels, 1f, input.getDataType(), input.getDevice());
        NDArray offsets = index.expandDims(0).sub(index.expandDims(1)); // [c, j] = j - c
        NDArray band = offsets.gte(-half).logicalAnd(offsets.lte(size - 1 - half))
                .toType(input.getDataType(), false)
                .reshape(channels, channels, 1, 1);
        NDArray sum = Conv2d.conv2d(input.square(), band).singletonOrThrow();
        float scale = scaling == Scaling.PAPER ? alpha : alpha / size;
        NDArray base = sum.mul(scale).add(k);
        // b^0.75, everyone's beta, as sqrt(b·sqrt(b)): three cheap passes where libtorch's pow with a
        // fractional exponent took 22 ms at conv1's size (batch 32), more than the convolution before it.
        NDArray denominator = beta == 0.75f ? base.mul(base.sqrt()).sqrt() : base.pow(beta);
        return new NDList(input.div(denominator));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builds a {@link LocalResponseNormalization}; the defaults are the paper's values. */
    public static final class Builder {

        private int size = 5;
        private float k = 2f;
        private float alpha = 1e-4f;
        private float beta = 0.75f;
        private Scaling scaling = Scaling.PAPER;

        private Builder() {}

        /**
         * Sets n, the number of channels in the window, centred on each channel; default 5.
         *
         * @param size a positive odd number
         * @return this builder
         */
        public Builder optSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * Sets k, the constant added before the power; default 2.
         *
         * @param k the constant
         * @return this builder
         */
        public Builder optK(float k) {
            this.k = k;
            return this;
        }

        /**
         * Sets α; default 1e-4.
         *
         * @param alpha the scale of the sum (or mean, see {@link #optScaling}) of squares
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets β, the exponent; default 0.75.
         *
         * @param beta the exponent
         * @return this builder
         */
        public Builder optBeta(float beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets whether α scales the sum of squares (the paper) or their mean over the window (Caffe,
         * PyTorch); default {@link Scaling#PAPER}.
         *
         * @param scaling the scaling
         * @return this builder
         */
        public Builder optScaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        /**
         * Validates the values and builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if n is not a positive odd number, k is not positive, α or β is
         *     negative, or the scaling is null
         */
        public LocalResponseNormalization build() {
            if (size <= 0 || size % 2 == 0) {
                throw new IllegalArgumentException(
                        "LocalResponseNormalization size n must be a positive odd number (a window centred"
                                + " on the channel), got "
                                + size);
            }
            if (!(k > 0f) || !(alpha >= 0f) || !(beta >= 0f)) {
                throw new IllegalArgumentException(
                        "LocalResponseNormalization needs k > 0, alpha >= 0 and beta >= 0, got k "
                                + k
                                + ", alpha "
                                + alpha
                                + ", beta "
                                + beta);
            }
            if (scaling == null) {
                throw new IllegalArgumentException(
                        "LocalResponseNormalization scaling must be PAPER or AVERAGE, got null");
            }
            return new LocalResponseNormalization(this);
        }
    }
}
