package io.github.alexnetdjl.spark;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.training.Ranks;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * One partition's images through the network, a batch at a time: each image's bytes read (or taken from the
 * row), decoded by {@link ImageDecoder}, preprocessed as {@link AlexNetTranslator#preprocess} does for {@code
 * AlexNet.classify}, and the readable ones run together. An image that fails becomes a row with its error;
 * the others are unaffected. Rows are produced lazily, so a partition of any size holds one batch in memory.
 */
final class PartitionInference implements MapPartitionsFunction<Row, Row> {

    /** The stage whose output is an image's embedding: the last hidden layer, as in the paper's Figure 4. */
    static final String EMBEDDING_STAGE = "fc7";

    private static final long serialVersionUID = 1L;

    private final ImageTask task;
    private final ModelKey model;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final int imageColumn;
    private final boolean bytes;
    private final String imageName;
    private final int batchSize;
    private final int threads;

    /**
     * Creates the function.
     *
     * @param task what to compute
     * @param model the model and how to load it
     * @param hadoop reaches the model and the image files
     * @param imageColumn the input column holding each image's path or bytes
     * @param bytes whether that column holds bytes
     * @param imageName names an image in errors when the column holds bytes
     * @param batchSize images per forward pass
     * @param threads libtorch's intra-op threads; 0 for the task's CPUs ({@code spark.task.cpus})
     */
    PartitionInference(ImageTask task, ModelKey model, Broadcast<SerializableConfiguration> hadoop, int imageColumn,
            boolean bytes, String imageName, int batchSize, int threads) {
        this.task = task;
        this.model = model;
        this.hadoop = hadoop;
        this.imageColumn = imageColumn;
        this.bytes = bytes;
        this.imageName = imageName;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
        TaskContext context = TaskContext.get();
        Configuration conf = hadoop.value().value();
        int taskThreads = threads > 0 ? threads : context == null ? 1 : context.cpus();
        AlexNet alexnet = ExecutorModels.get(model.forTask(context), conf, taskThreads);
        return new Batches(rows, alexnet, conf);
    }

    /** The output rows, computed a batch at a time as they are asked for. */
    private final class Batches implements Iterator<Row> {

        private final Iterator<Row> input;
        private final AlexNet alexnet;
        private final Configuration conf;
        private final ModelConfig config;
        private final List<String> classes;
        private final Deque<Row> ready = new ArrayDeque<>();

        Batches(Iterator<Row> input, AlexNet alexnet, Configuration conf) {
            this.input = input;
            this.alexnet = alexnet;
            this.conf = conf;
            this.config = alexnet.getModelDirectory().getConfig();
            this.classes = alexnet.getModelDirectory().getClasses();
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && input.hasNext()) {
                runBatch();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void runBatch() {
            List<Row> rows = new ArrayList<>(batchSize);
            List<float[]> pixels = new ArrayList<>(batchSize);
            List<String> errors = new ArrayList<>(batchSize);
            while (rows.size() < batchSize && input.hasNext()) {
                Row row = input.next();
                rows.add(row);
                try {
                    pixels.add(AlexNetTranslator.preprocess(config, ImageDecoder.decode(imageBytes(row), name(row))));
                    errors.add(null);
                } catch (IOException | RuntimeException e) {
                    // A decoder's or a reader's failure on this image: a row that says so, never a failed task.
                    pixels.add(null);
                    errors.add(Objects.requireNonNullElse(e.getMessage(), e.toString()));
                }
            }
            float[][] outputs = forward(pixels);
            for (int i = 0; i < rows.size(); i++) {
                ready.add(output(rows.get(i), outputs[i], errors.get(i)));
            }
        }

        private byte[] imageBytes(Row row) throws IOException {
            if (row.isNullAt(imageColumn)) {
                throw new IOException("no image: " + (bytes ? imageName : "its path") + " is null");
            }
            return bytes ? (byte[]) row.get(imageColumn) : ImageFiles.read(row.getString(imageColumn), conf);
        }

        private String name(Row row) {
            return bytes ? imageName : row.getString(imageColumn);
        }

        /** The network's output row for each image that preprocessed; null for the others. */
        private float[][] forward(List<float[]> pixels) {
            float[][] outputs = new float[pixels.size()][];
            int n = (int) pixels.stream().filter(Objects::nonNull).count();
            if (n == 0) {
                return outputs;
            }
            int[] shape = config.getInputShape();
            int size = shape[0] * shape[1] * shape[2];
            float[] batch = new float[Math.multiplyExact(n, size)];
            int k = 0;
            for (float[] image : pixels) {
                if (image != null) {
                    System.arraycopy(image, 0, batch, k++ * size, size);
                }
            }
            float[] values;
            try (NDManager manager = alexnet.getModel().getNDManager().newSubManager()) {
                NDArray x = manager.create(batch, new Shape(n, shape[0], shape[1], shape[2]));
                NDArray y = task == ImageTask.EMBED ? StagedNetwork.of(alexnet).forwardThrough(EMBEDDING_STAGE, x) : alexnet.predict(x);
                values = y.toFloatArray();
            }
            int width = values.length / n;
            k = 0;
            for (int i = 0; i < pixels.size(); i++) {
                if (pixels.get(i) != null) {
                    float[] row = new float[width];
                    System.arraycopy(values, k++ * width, row, 0, width);
                    outputs[i] = row;
                }
            }
            return outputs;
        }

        private Row output(Row in, float[] output, String error) {
            List<Object> values = new ArrayList<>(in.size() + 6);
            for (int i = 0; i < in.size(); i++) {
                if (!(bytes && i == imageColumn)) {
                    values.add(in.get(i));
                }
            }
            switch (task) {
                case CLASSIFY -> addTopK(values, output);
                case EMBED -> values.add(output);
                case EVALUATE -> {
                    String label = ImageTask.label(in.getString(imageColumn));
                    values.add(label);
                    addTopK(values, output);
                    addHits(values, output, label);
                }
                default -> throw new IllegalStateException(task.name());
            }
            values.add(error);
            return RowFactory.create(values.toArray());
        }

        /** The top classes as {@code AlexNet.classify(...).topK(5)} orders them, ties included. */
        private void addTopK(List<Object> values, float[] probabilities) {
            if (probabilities == null) {
                values.add(null);
                values.add(null);
                return;
            }
            List<Double> all = new ArrayList<>(probabilities.length);
            for (float p : probabilities) {
                all.add((double) p);
            }
            List<Classifications.Classification> top = new Classifications(classes, all).topK(ImageTask.TOP_K);
            String[] names = new String[top.size()];
            float[] chances = new float[top.size()];
            for (int i = 0; i < top.size(); i++) {
                names[i] = top.get(i).getClassName();
                chances[i] = (float) top.get(i).getProbability();
            }
            values.add(names);
            values.add(chances);
        }

        private void addHits(List<Object> values, float[] probabilities, String label) {
            if (probabilities == null) {
                values.add(null);
                values.add(null);
                return;
            }
            int rank = Ranks.rank(probabilities, 0, probabilities.length, classes.indexOf(label));
            values.add(rank == 0);
            values.add(rank < ImageTask.TOP_K);
        }
    }
}
