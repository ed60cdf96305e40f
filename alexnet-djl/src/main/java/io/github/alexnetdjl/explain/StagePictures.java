package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.features.InputImage;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.training.FilterGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Pictures of what a convolution stage holds: its learned filters, or the maps it computes for an image.
 *
 * <ul>
 *   <li>conv1's filters see the image's three colours, so each is drawn in colour, as in the paper's Figure 3
 *       ({@link FilterGrid}).
 *   <li>Later filters see the previous stage's channels: each filter is a row of grey squares, one per input
 *       channel, scaled to the filter's own range (mid-grey is zero when the range is symmetric).
 *   <li>An image's maps are grey squares, one per channel, on one scale for all (black 0, white the largest
 *       value), so that channels that fire little stay dark.
 * </ul>
 */
public final class StagePictures {

    private static final int GAP = 2;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private StagePictures() {}

    /**
     * Draws a convolution stage's filters, as trained (before BatchNorm is folded into them).
     *
     * @param alexnet the model
     * @param stage one of {@link StagedNetwork#CONVOLUTION_STAGES}
     * @return the picture
     * @throws IllegalArgumentException if the stage is not a convolution stage
     */
    public static BufferedImage filters(AlexNet alexnet, String stage) {
        checkStage(stage);
        Block conv = alexnet.getBlock().get(stage).getChildren().get("conv");
        NDArray weight = conv.getParameters().get("weight").getArray();
        long[] shape = weight.getShape().getShape();
        if (stage.equals(StagedNetwork.CONVOLUTION_STAGES.get(0)) && shape[1] == 3) {
            return FilterGrid.draw(weight, Math.max(1, 48 / (int) shape[2]));
        }
        return kernelRows(weight.toFloatArray(), (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
    }

    /**
     * Draws the maps a convolution stage computes for an image, preprocessed as prediction preprocesses it.
     *
     * @param alexnet a loaded model
     * @param image the image file
     * @param stage one of {@link StagedNetwork#CONVOLUTION_STAGES}
     * @return the picture
     * @throws IOException naming the file, when it cannot be read or decoded, or is too small for the crop
     * @throws IllegalArgumentException if the stage is not a convolution stage
     * @throws IllegalStateException if the model was built rather than loaded, so has no preprocessing
     */
    public static BufferedImage activations(AlexNet alexnet, Path image, String stage) throws IOException {
        checkStage(stage);
        ModelConfig config = alexnet.getModelDirectory().getConfig();
        InputImage input = InputImage.read(config, image);
        StagedNetwork network = StagedNetwork.of(alexnet);
        try (NDManager manager = NDManager.newBaseManager(network.getDevice(), ModelFactory.ENGINE)) {
            NDArray maps = network.forwardThrough(stage,
                    manager.create(input.input(), new Shape(1).addAll(network.getInputShape().slice(1))));
            long[] shape = maps.getShape().getShape();
            return mapGrid(maps.toFloatArray(), (int) shape[1], (int) shape[2], (int) shape[3]);
        }
    }

    private static void checkStage(String stage) {
        if (!StagedNetwork.CONVOLUTION_STAGES.contains(stage)) {
            throw new IllegalArgumentException("stage: expected a convolution stage, one of "
                    + StagedNetwork.CONVOLUTION_STAGES + ", got " + stage);
        }
    }

    /** One row per filter, one grey square per input channel, each filter on its own scale. */
    static BufferedImage kernelRows(float[] w, int filters, int inputs, int kh, int kw) {
        int scale = Math.max(1, 12 / Math.max(kh, kw));
        BufferedImage picture = blank(GAP + inputs * (kw * scale + GAP), GAP + filters * (kh * scale + GAP));
        int size = inputs * kh * kw;
        for (int f = 0; f < filters; f++) {
            float[] range = range(w, f * size, size);
            for (int c = 0; c < inputs; c++) {
                paint(picture, w, f * size + c * kh * kw, kh, kw, scale, GAP + c * (kw * scale + GAP),
                        GAP + f * (kh * scale + GAP), range);
            }
        }
        return picture;
    }

    /** One grey square per channel, in a near-square grid, all on one scale from 0 (or below) to the largest. */
    static BufferedImage mapGrid(float[] maps, int channels, int h, int w) {
        int scale = Math.max(1, (32 + Math.max(h, w) - 1) / Math.max(h, w));
        int columns = (int) Math.ceil(Math.sqrt(channels));
        int rows = (channels + columns - 1) / columns;
        BufferedImage picture = blank(GAP + columns * (w * scale + GAP), GAP + rows * (h * scale + GAP));
        float[] range = range(maps, 0, maps.length);
        range[0] = Math.min(0, range[0]);
        for (int c = 0; c < channels; c++) {
            paint(picture, maps, c * h * w, h, w, scale, GAP + (c % columns) * (w * scale + GAP),
                    GAP + (c / columns) * (h * scale + GAP), range);
        }
        return picture;
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return picture;
    }

    /** {min, max} of values[from, from + length). */
    private static float[] range(float[] values, int from, int length) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return new float[] {min, max};
    }

    /** Paints an h x w plane of values as grey, each value a scale x scale square. */
    private static void paint(BufferedImage picture, float[] values, int offset, int h, int w, int scale, int x0,
            int y0, float[] range) {
        float span = range[1] > range[0] ? range[1] - range[0] : 1f;
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int grey = Math.round((values[offset + (y / scale) * w + x / scale] - range[0]) / span * 255f);
                picture.setRGB(x0 + x, y0 + y, grey * 0x010101);
            }
        }
    }
}
