package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.features.StagedNetwork;

/**
 * Grad-CAM (Selvaraju et al., 2017): where in an image the evidence for a class lies, as a convolution stage
 * sees it. The gradient of the class's logit (fc8, before softmax) with respect to the stage's output maps is
 * averaged over each map, giving one weight per channel; the heatmap is the ReLU of the maps' weighted sum,
 * at the stage's resolution.
 *
 * <p>The network runs in two parts: through the stage in inference mode without gradients, then, from the
 * stage's output made a leaf that requires its gradient, on to the logits with libtorch's grad mode on for
 * the calling thread only, restored afterwards. The backward pass goes through libtorch directly rather than
 * through a DJL {@code GradientCollector}, of which DJL allows one at a time in the whole process, so that
 * explaining never collides with a training run on another thread. The network's parameters must be frozen
 * (as {@code AlexNet.load} leaves them): the backward pass would otherwise add to their gradients.
 *
 * <pre>{@code
 * GradCam gradCam = GradCam.builder().optStage("conv5").build();
 * GradCam.Result result = gradCam.compute(StagedNetwork.of(alexnet), image, -1);   // the top class
 * float[][] map = result.heatmap().resized(224, 224).getValues();
 * }</pre>
 */
public final class GradCam implements Explainer {

    /** The stage looked at by default: the last convolution stage, as in the Grad-CAM paper. */
    public static final String DEFAULT_STAGE = "conv5";

    private final String stage;

    /**
     * What Grad-CAM computed for one image.
     *
     * @param classIndex the class explained
     * @param logit the class's logit
     * @param channelWeights one weight per channel of the stage's output: the mean of the logit's gradient
     *     over that channel's map
     * @param heatmap the ReLU of the weighted sum of the maps, (height, width) of the stage's output
     */
    public record Result(int classIndex, float logit, float[] channelWeights, Heatmap heatmap) {}

    private GradCam(Builder builder) {
        stage = builder.stage;
    }

    /**
     * Returns a builder: stage {@value #DEFAULT_STAGE}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String getName() {
        return "gradcam";
    }

    /**
     * Returns the stage looked at.
     *
     * @return one of {@link StagedNetwork#CONVOLUTION_STAGES}
     */
    public String getStage() {
        return stage;
    }

    /** {@inheritDoc} */
    @Override
    public Heatmap explain(StagedNetwork network, NDArray image, int classIndex) {
        return compute(network, image, classIndex).heatmap();
    }

    /**
     * Computes Grad-CAM for one image.
     *
     * @param network the network's stages, its parameters frozen
     * @param image one preprocessed image, (C, H, W) or (1, C, H, W), on any device; left as it is
     * @param classIndex the class to explain, or -1 for the class of the largest logit
     * @return the class, its logit, the channel weights and the heatmap
     * @throws IllegalArgumentException if the class index is outside the model's classes
     * @throws IllegalStateException if a parameter after the stage requires gradients
     */
    public Result compute(StagedNetwork network, NDArray image, int classIndex) {
        checkFrozen(network);
        try (NDManager scope = image.getManager().newSubManager(network.getDevice())) {
            NDArray input = OneImage.copy(image, scope, network);
            NDArray maps = network.forwardThrough(stage, input);
            maps.setRequiresGradient(true);
            float[] logits;
            try (LibTorch.GradMode on = LibTorch.gradMode(true)) {
                NDArray output = network.logitsAfter(stage, maps);
                logits = OneImage.floats(output);
                int target = OneImage.classIndex(logits, classIndex);
                NDArray score = output.get(0, target);
                LibTorch.backward(score);
                classIndex = target;
            }
            return weigh(classIndex, logits[classIndex], maps, maps.getGradient());
        }
    }

    /** The channel weights and the heatmap from the stage's maps and the logit's gradient, (1, K, h, w) each. */
    private static Result weigh(int classIndex, float logit, NDArray maps, NDArray gradient) {
        long[] shape = maps.getShape().getShape();
        int channels = (int) shape[1];
        int height = (int) shape[2];
        int width = (int) shape[3];
        int plane = height * width;
        float[] a = OneImage.floats(maps);
        float[] g = OneImage.floats(gradient);
        float[] weights = new float[channels];
        float[][] map = new float[height][width];
        for (int k = 0; k < channels; k++) {
            double sum = 0;
            for (int i = k * plane; i < (k + 1) * plane; i++) {
                sum += g[i];
            }
            weights[k] = (float) (sum / plane);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = 0; k < channels; k++) {
                    sum += (double) weights[k] * a[k * plane + y * width + x];
                }
                map[y][x] = (float) Math.max(0, sum);
            }
        }
        return new Result(classIndex, logit, weights, new Heatmap(classIndex, map));
    }

    private void checkFrozen(StagedNetwork network) {
        for (Pair<String, Parameter> parameter : network.getParametersAfter(stage)) {
            if (parameter.getValue().getArray().hasGradient()) {
                throw new IllegalStateException("Grad-CAM needs a network whose parameters are frozen, as AlexNet.load"
                        + " leaves them: parameter " + parameter.getKey() + " requires gradients, and the backward pass"
                        + " would add to them (Block.freezeParameters(true) freezes them)");
            }
        }
    }

    /** Builds a {@link GradCam}. */
    public static final class Builder {

        private String stage = DEFAULT_STAGE;

        private Builder() {}

        /**
         * Sets the convolution stage to look at; default {@value #DEFAULT_STAGE}. Earlier stages have finer
         * maps and see simpler patterns.
         *
         * @param stage one of {@link StagedNetwork#CONVOLUTION_STAGES}
         * @return this builder
         */
        public Builder optStage(String stage) {
            this.stage = stage;
            return this;
        }

        /**
         * Builds the explainer.
         *
         * @return the explainer
         * @throws IllegalArgumentException if the stage is not a convolution stage
         */
        public GradCam build() {
            if (!StagedNetwork.CONVOLUTION_STAGES.contains(stage)) {
                throw new IllegalArgumentException("stage: expected a convolution stage, one of "
                        + StagedNetwork.CONVOLUTION_STAGES + ", got " + stage);
            }
            return new GradCam(this);
        }
    }
}
