package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.features.StagedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): a square window slides over the image, and wherever it
 * hides the evidence the class's probability drops. The window is filled with zeros of the network's input,
 * which after normalization is the dataset's mean colour. The heatmap has the input's size: each pixel gets
 * the mean drop of the class's probability over the windows that cover it, so that hiding it lowers the
 * probability where the heatmap is high (and raises it where it is negative). Windows start every {@code
 * stride} pixels, and the last row and column of windows lie against the far edges, so every pixel is
 * covered.
 *
 * <pre>{@code
 * Heatmap map = OcclusionSensitivity.builder().optWindow(32).optStride(16).build()
 *         .explain(StagedNetwork.of(alexnet), image, -1);
 * }</pre>
 */
public final class OcclusionSensitivity implements Explainer {

    /** Null: chosen from the input's size. */
    private final Integer window;
    private final Integer stride;
    private final int batchSize;

    private OcclusionSensitivity(Builder builder) {
        window = builder.window;
        stride = builder.stride;
        batchSize = builder.batchSize;
    }

    /**
     * Returns a builder: a window of a seventh of the input's shorter side (32 pixels at 224), a stride of half
     * the window, 32 occluded images per forward pass.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String getName() {
        return "occlusion";
    }

    /**
     * Returns the window's side for an input.
     *
     * @param height the input's height
     * @param width the input's width
     * @return the side in pixels
     */
    public int windowFor(int height, int width) {
        return window != null ? window : Math.max(1, Math.round(Math.min(height, width) / 7f));
    }

    /**
     * Returns the step between windows for an input.
     *
     * @param height the input's height
     * @param width the input's width
     * @return the step in pixels
     */
    public int strideFor(int height, int width) {
        return stride != null ? stride : Math.max(1, windowFor(height, width) / 2);
    }

    /**
     * Computes the heatmap: one forward pass per window position, in batches, with libtorch's grad mode off.
     *
     * @param network the network's stages
     * @param image one preprocessed image, (C, H, W) or (1, C, H, W), on any device; left as it is
     * @param classIndex the class to explain, or -1 for the network's top class
     * @return the mean drop of the class's probability per pixel, the input's height and width
     * @throws IllegalArgumentException if the class index is outside the model's classes, or the window is
     *     larger than the input
     */
    @Override
    public Heatmap explain(StagedNetwork network, NDArray image, int classIndex) {
        Shape shape = network.getInputShape();
        int channels = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int side = windowFor(height, width);
        int step = strideFor(height, width);
        if (side > height || side > width) {
            throw new IllegalArgumentException("occlusion window: " + side + " pixels does not fit in the "
                    + width + "x" + height + " input");
        }
        try (NDManager scope = image.getManager().newSubManager(network.getDevice())) {
            NDArray input = OneImage.copy(image, scope, network);
            float[] original = OneImage.floats(input);
            float[] logits = OneImage.floats(network.logits(input));
            int target = OneImage.classIndex(logits, classIndex);
            double base = probability(logits, 0, logits.length, target);
            List<int[]> corners = new ArrayList<>();
            for (int y : starts(height, side, step)) {
                for (int x : starts(width, side, step)) {
                    corners.add(new int[] {y, x});
                }
            }
            double[][] sum = new double[height][width];
            int[][] count = new int[height][width];
            int size = original.length;
            for (int from = 0; from < corners.size(); from += batchSize) {
                List<int[]> batch = corners.subList(from, Math.min(from + batchSize, corners.size()));
                float[] occluded = new float[Math.multiplyExact(batch.size(), size)];
                for (int i = 0; i < batch.size(); i++) {
                    System.arraycopy(original, 0, occluded, i * size, size);
                    fill(occluded, i * size, channels, height, width, batch.get(i), side);
                }
                NDArray x = scope.create(occluded, new Shape(batch.size(), channels, height, width))
                        .toType(input.getDataType(), false);
                float[] out = OneImage.floats(network.logits(x));
                int classes = logits.length;
                for (int i = 0; i < batch.size(); i++) {
                    double drop = base - probability(out, i * classes, classes, target);
                    int[] corner = batch.get(i);
                    for (int y = corner[0]; y < corner[0] + side; y++) {
                        for (int c = corner[1]; c < corner[1] + side; c++) {
                            sum[y][c] += drop;
                            count[y][c]++;
                        }
                    }
                }
            }
            float[][] map = new float[height][width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    map[y][x] = (float) (sum[y][x] / count[y][x]);
                }
            }
            return new Heatmap(target, map);
        }
    }

    /** The windows' first rows (or columns): every step, and one against the far edge. */
    private static List<Integer> starts(int length, int side, int step) {
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s + side <= length; s += step) {
            starts.add(s);
        }
        if (starts.get(starts.size() - 1) + side < length) {
            starts.add(length - side);
        }
        return starts;
    }

    private static void fill(float[] data, int offset, int channels, int height, int width, int[] corner, int side) {
        for (int c = 0; c < channels; c++) {
            for (int y = corner[0]; y < corner[0] + side; y++) {
                int row = offset + (c * height + y) * width + corner[1];
                Arrays.fill(data, row, row + side, 0f);
            }
        }
    }

    /** The softmax probability of one class, from one row of logits. */
    private static double probability(float[] logits, int offset, int classes, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + classes; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + classes; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return Math.exp(logits[offset + target] - max) / sum;
    }

    /** Builds an {@link OcclusionSensitivity}. */
    public static final class Builder {

        private Integer window;
        private Integer stride;
        private int batchSize = 32;

        private Builder() {}

        /**
         * Sets the window's side in pixels of the network's input; default a seventh of the input's shorter
         * side (32 pixels at 224). Smaller windows find smaller evidence and need more passes.
         *
         * @param window the side in pixels
         * @return this builder
         */
        public Builder optWindow(int window) {
            this.window = window;
            return this;
        }

        /**
         * Sets the step between windows in pixels; default half the window. The passes grow with the square of
         * {@code input side / stride}.
         *
         * @param stride the step in pixels
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets how many occluded images go through the network at once; default 32.
         *
         * @param batchSize images per forward pass
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Builds the explainer.
         *
         * @return the explainer
         * @throws IllegalArgumentException if the window, stride or batch size is not positive
         */
        public OcclusionSensitivity build() {
            if (window != null && window <= 0) {
                throw new IllegalArgumentException("occlusion window: expected a positive side, got " + window);
            }
            if (stride != null && stride <= 0) {
                throw new IllegalArgumentException("occlusion stride: expected a positive step, got " + stride);
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size: expected a positive count, got " + batchSize);
            }
            return new OcclusionSensitivity(this);
        }
    }
}
