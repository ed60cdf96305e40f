package io.github.alexnetdjl.features;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The activations of one of AlexNet's stages ({@code conv1} … {@code fc8}) for images, preprocessed as
 * prediction preprocesses them: features for retrieval, clustering or a classifier of one's own. fc7, the
 * last hidden layer, is the one the paper compares images by (section 6.1, Figure 4). Stages are those of
 * the network inference runs ({@link StagedNetwork}); a dense stage's output comes after its ReLU (and
 * dropout, which inference skips), a convolution stage's after its pooling where it has one.
 *
 * <pre>{@code
 * try (AlexNet alexnet = AlexNet.load(Path.of("runs/mine/best"))) {
 *     FeatureExtractor fc7 = FeatureExtractor.builder().setModel(alexnet).optStage("fc7").build();
 *     NDArray features = fc7.extract(manager, images);                       // (N, 4096)
 *     fc7.write(files, Path.of("fc7.npy"), ImageProgress.NONE);              // fc7.npy and fc7.csv
 * }
 * }</pre>
 */
public final class FeatureExtractor {

    /** The stage features come from by default: fc7, the last hidden layer. */
    public static final String DEFAULT_STAGE = "fc7";

    private final AlexNet alexnet;
    private final StagedNetwork network;
    private final String stage;
    private final int batchSize;

    private FeatureExtractor(Builder builder) {
        alexnet = builder.alexnet;
        network = builder.network;
        stage = builder.stage;
        batchSize = builder.batchSize;
    }

    /**
     * Returns a builder: stage fc7, 32 images per forward pass.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the stage the features come from.
     *
     * @return the stage's name
     */
    public String getStage() {
        return stage;
    }

    /**
     * Returns the model the features come from.
     *
     * @return the model
     */
    public AlexNet getModel() {
        return alexnet;
    }

    /**
     * Returns how many images go through the network at once.
     *
     * @return images per forward pass
     */
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Returns the stages the features are computed with.
     *
     * @return the network's stages
     */
    public StagedNetwork getNetwork() {
        return network;
    }

    /**
     * Returns the number of values per image: the stage's output, flattened for a convolution stage in
     * channel, row, column order.
     *
     * @return the values per image
     */
    public long getFeatureSize() {
        return network.getOutputShape(stage).size();
    }

    /**
     * Computes the stage's activations for a batch of preprocessed images, in inference mode, with libtorch's
     * grad mode off on the calling thread for the pass and then restored.
     *
     * @param images (N, C, H, W) float32 images, preprocessed as the model expects, on any device
     * @return the stage's output, (N, units) or (N, channels, height, width), attached to the images' manager
     */
    public NDArray extract(NDArray images) {
        NDArray input = images.toDevice(network.getDevice(), false);
        try {
            return network.forwardThrough(stage, input);
        } finally {
            if (input != images) {
                input.close();
            }
        }
    }

    /**
     * Computes the stage's activations for images, resized, center-cropped and normalized as {@code
     * AlexNet.classify} does.
     *
     * @param manager the manager of the result
     * @param images the images
     * @return the stage's output, (N, units) or (N, channels, height, width)
     * @throws IllegalArgumentException if an image is too small for the crop
     * @throws IllegalStateException if the model was built rather than loaded, so has no preprocessing
     */
    public NDArray extract(NDManager manager, List<Image> images) {
        ModelConfig config = alexnet.getModelDirectory().getConfig();
        List<InputImage> inputs = new ArrayList<>();
        for (Image image : images) {
            inputs.add(InputImage.of(config, AlexNetTranslator.toBufferedImage(image, manager)));
        }
        try (NDArray batch = ImageBatches.stack(manager, inputs)) {
            return extract(batch);
        }
    }

    /**
     * Computes the stage's activations for image files and writes them as a {@link FeatureFile}: a float32
     * {@code .npy} matrix with one row per image and a {@code .csv} index of the images' paths in row order.
     * The rows are written as they are computed, so memory does not grow with the number of images. A file
     * that cannot be used (unreadable, not an image, too small for the crop) is skipped, reported to {@code
     * progress} and listed in the summary; the others are still written.
     *
     * @param images the image files, in the order of the rows
     * @param matrix the {@code .npy} file to create or replace; the index goes beside it
     * @param progress hears of each batch and each skipped file
     * @return what was written
     * @throws IOException if the files cannot be written; nothing is then replaced
     * @throws IllegalArgumentException if the matrix file's name does not end in {@code .npy}
     * @throws IllegalStateException if the model was built rather than loaded, so has no preprocessing
     */
    public FeatureFile.Summary write(List<Path> images, Path matrix, ImageProgress progress) throws IOException {
        ModelConfig config = alexnet.getModelDirectory().getConfig();
        long columns = getFeatureSize();
        try (FeatureFile.Writer writer = FeatureFile.Writer.create(matrix, columns);
                NDManager manager = NDManager.newBaseManager(network.getDevice(), ModelFactory.ENGINE)) {
            var skipped = ImageBatches.forEach(config, images, batchSize, progress, batch -> {
                try (NDManager scope = manager.newSubManager()) {
                    float[] rows = extract(ImageBatches.stack(scope, batch)).toFloatArray();
                    for (int i = 0; i < batch.size(); i++) {
                        writer.add(batch.get(i).source(), rows, Math.toIntExact(i * columns));
                    }
                }
            });
            writer.commit();
            return new FeatureFile.Summary(matrix, FeatureFile.indexFile(matrix), writer.getRows(), columns,
                    List.copyOf(skipped));
        }
    }

    /** Builds a {@link FeatureExtractor}. */
    public static final class Builder {

        private AlexNet alexnet;
        private StagedNetwork network;
        private String stage = DEFAULT_STAGE;
        private int batchSize = 32;

        private Builder() {}

        /**
         * Sets the model. Required.
         *
         * @param alexnet a loaded model (a built one can only {@link #extract(NDArray)})
         * @return this builder
         */
        public Builder setModel(AlexNet alexnet) {
            this.alexnet = alexnet;
            return this;
        }

        /**
         * Sets the stage; default {@value #DEFAULT_STAGE}.
         *
         * @param stage one of {@link AlexNetBlock#STAGES}
         * @return this builder
         */
        public Builder optStage(String stage) {
            this.stage = stage;
            return this;
        }

        /**
         * Sets how many images go through the network at once; default 32.
         *
         * @param batchSize images per forward pass
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Builds the extractor.
         *
         * @return the extractor
         * @throws IllegalArgumentException if the model is missing, the stage is not one of AlexNet's or the
         *     batch size is not positive
         */
        public FeatureExtractor build() {
            if (alexnet == null) {
                throw new IllegalArgumentException("model: required, got none");
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size: expected a positive count, got " + batchSize);
            }
            network = StagedNetwork.of(alexnet);
            network.indexOf(stage);
            return new FeatureExtractor(this);
        }
    }
}
