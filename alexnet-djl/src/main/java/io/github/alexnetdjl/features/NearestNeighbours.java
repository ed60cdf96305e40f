package io.github.alexnetdjl.features;

import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, for each query image, the images of an index whose features are nearest by Euclidean distance, as
 * the paper's Figure 4 does with fc7 (section 6.1): images the network finds alike, whatever their pixels'
 * distance. The index is streamed: memory holds the queries' features and each query's best {@code k}, not
 * the index's features.
 *
 * <pre>{@code
 * FeatureExtractor fc7 = FeatureExtractor.builder().setModel(alexnet).build();
 * NearestNeighbours.Result result = NearestNeighbours.builder().setExtractor(fc7).optK(6).build()
 *         .search(ImageFiles.expand(List.of(Path.of("train"))), queries, ImageProgress.NONE);
 * }</pre>
 */
public final class NearestNeighbours {

    /** The neighbours found per query by default: six, as in the paper's Figure 4. */
    public static final int DEFAULT_K = 6;

    /**
     * An image of the index near a query.
     *
     * @param path the image file
     * @param distance the Euclidean distance between its features and the query's
     * @param crop the image as the network saw it
     */
    public record Neighbour(Path path, double distance, DecodedImage crop) {}

    /**
     * A query and its nearest images, nearest first.
     *
     * @param query the query image as the network saw it
     * @param neighbours up to {@code k} images of the index, nearest first; ties in index order
     */
    public record Match(InputImage query, List<Neighbour> neighbours) {}

    /**
     * What a search found.
     *
     * @param matches one per query that could be read, in the queries' order
     * @param skipped the query and index files that could not be used, queries first; when no query could be
     *     used, the index is not read
     */
    public record Result(List<Match> matches, List<DecodedImages.Skipped> skipped) {}

    private final FeatureExtractor extractor;
    private final int k;

    private NearestNeighbours(Builder builder) {
        extractor = builder.extractor;
        k = builder.k;
    }

    /**
     * Returns a builder: {@value #DEFAULT_K} neighbours per query.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the features of the queries, then of the index batch by batch, keeping each query's {@code k}
     * nearest. An index image that is the query's own file is at distance 0: the features of one file are
     * one vector, which a separate pass would only reproduce to float rounding (the batch an image is
     * computed in changes the order of the sums). Files that cannot be used are skipped and reported.
     *
     * @param index the images to search, in order
     * @param queries the images to find neighbours for
     * @param progress hears of each batch, queries and index together, and each skipped file
     * @return the neighbours of each readable query
     * @throws IllegalStateException if the model was built rather than loaded, so has no preprocessing
     */
    public Result search(List<Path> index, List<Path> queries, ImageProgress progress) {
        ModelConfig config = extractor.getModel().getModelDirectory().getConfig();
        int total = Math.addExact(queries.size(), index.size());
        List<Query> found = new ArrayList<>();
        List<DecodedImages.Skipped> skipped = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(extractor.getNetwork().getDevice(), ModelFactory.ENGINE)) {
            skipped.addAll(ImageBatches.forEach(config, queries, extractor.getBatchSize(), offset(progress, 0, total),
                    batch -> {
                        float[][] rows = features(manager, batch);
                        for (int i = 0; i < batch.size(); i++) {
                            found.add(new Query(batch.get(i), rows[i], k));
                        }
                    }));
            if (found.isEmpty()) {
                return new Result(List.of(), List.copyOf(skipped));
            }
            skipped.addAll(ImageBatches.forEach(config, index, extractor.getBatchSize(),
                    offset(progress, queries.size(), total), batch -> {
                        float[][] rows = features(manager, batch);
                        for (int i = 0; i < batch.size(); i++) {
                            Path file = batch.get(i).source();
                            Path real = realPath(file);
                            for (Query query : found) {
                                double distance = real != null && real.equals(query.real) ? 0
                                        : distance(query.features, rows[i]);
                                query.offer(new Neighbour(file, distance, batch.get(i).crop()));
                            }
                        }
                    }));
        }
        List<Match> matches = new ArrayList<>();
        for (Query query : found) {
            matches.add(new Match(query.image, List.copyOf(query.nearest)));
        }
        return new Result(List.copyOf(matches), List.copyOf(skipped));
    }

    private float[][] features(NDManager manager, List<InputImage> batch) {
        try (NDManager scope = manager.newSubManager()) {
            float[] values = extractor.extract(ImageBatches.stack(scope, batch)).toFloatArray();
            int size = values.length / batch.size();
            float[][] rows = new float[batch.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(values, i * size, (i + 1) * size);
            }
            return rows;
        }
    }

    /**
     * Returns the Euclidean distance between two vectors, summed in double precision.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the distance
     */
    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** The file's real path, to recognise a query in the index by; null when there is none to find. */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static ImageProgress offset(ImageProgress progress, int before, int total) {
        return new ImageProgress() {
            @Override
            public void onImages(int done, int all) {
                progress.onImages(before + done, total);
            }

            @Override
            public void onSkipped(DecodedImages.Skipped file) {
                progress.onSkipped(file);
            }
        };
    }

    /** A query's features and its nearest images so far. */
    private static final class Query {

        final InputImage image;
        final Path real;
        final float[] features;
        final List<Neighbour> nearest = new ArrayList<>();
        final int k;

        Query(InputImage image, float[] features, int k) {
            this.image = image;
            this.real = realPath(image.source());
            this.features = features;
            this.k = k;
        }

        /** Keeps the neighbour if it is among the k nearest; an equal distance goes after those met before. */
        void offer(Neighbour neighbour) {
            if (nearest.size() == k && nearest.get(k - 1).distance() <= neighbour.distance()) {
                return;
            }
            int at = nearest.size();
            while (at > 0 && nearest.get(at - 1).distance() > neighbour.distance()) {
                at--;
            }
            nearest.add(at, neighbour);
            if (nearest.size() > k) {
                nearest.remove(k);
            }
        }
    }

    /** Builds {@link NearestNeighbours}. */
    public static final class Builder {

        private FeatureExtractor extractor;
        private int k = DEFAULT_K;

        private Builder() {}

        /**
         * Sets the features images are compared by, e.g. fc7's. Required.
         *
         * @param extractor the features, of a loaded model
         * @return this builder
         */
        public Builder setExtractor(FeatureExtractor extractor) {
            this.extractor = extractor;
            return this;
        }

        /**
         * Sets how many neighbours to find per query; default {@value #DEFAULT_K}.
         *
         * @param k the number of neighbours
         * @return this builder
         */
        public Builder optK(int k) {
            this.k = k;
            return this;
        }

        /**
         * Builds the search.
         *
         * @return the search
         * @throws IllegalArgumentException if the extractor is missing or {@code k} is not positive
         */
        public NearestNeighbours build() {
            if (extractor == null) {
                throw new IllegalArgumentException("extractor: required, got none");
            }
            if (k <= 0) {
                throw new IllegalArgumentException("k: expected a positive number of neighbours, got " + k);
            }
            return new NearestNeighbours(this);
        }
    }
}
