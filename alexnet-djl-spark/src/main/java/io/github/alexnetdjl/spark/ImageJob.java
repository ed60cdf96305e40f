package io.github.alexnetdjl.spark;

import ai.djl.Device;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A Spark job over images: {@link ImageTask#CLASSIFY classify}, {@link ImageTask#EMBED embed} or {@link
 * ImageTask#EVALUATE evaluate} every image of an {@link ImageSource} with a model directory, batched per
 * partition, the model loaded once per executor JVM. {@link #results()} is the lazy result table; {@link
 * #writeParquet} writes it through Spark's commit protocol and counts what was committed.
 *
 * <pre>{@code
 * JobSummary summary = ImageJob.builder()
 *         .setTask(ImageTask.EMBED)
 *         .setModel("s3a://bucket/models/best")
 *         .setInput(ImageSource.files(spark, "s3a://bucket/photos/2024-*"))
 *         .optBatchSize(64)
 *         .build()
 *         .writeParquet("s3a://bucket/embeddings/2024");
 * }</pre>
 */
public final class ImageJob {

    /** Images per forward pass unless set. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /**
     * The most images a partition holds when the job chooses the partitions: a failed task redoes at most
     * this many, and an output file holds about this many rows.
     */
    public static final int IMAGES_PER_PARTITION = 1000;

    /**
     * The Hadoop committer algorithm whose job commit, not task commit, moves files into the output: a job
     * that fails or is killed leaves no part of its output readable (Spark's default, enforced here).
     */
    static final String COMMITTER_ALGORITHM = "mapreduce.fileoutputcommitter.algorithm.version";

    private final ImageTask task;
    private final String model;
    private final ImageSource input;
    private final int batchSize;
    private final int partitions;
    private final String device;
    private final boolean foldBatchNorm;
    private final int threads;

    private ImageJob(Builder b) {
        task = b.task;
        model = b.model;
        input = b.input;
        batchSize = b.batchSize;
        partitions = b.partitions;
        device = b.device;
        foldBatchNorm = b.foldBatchNorm;
        threads = b.threads;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the results, not yet computed: the input's columns (without an image bytes column) followed by
     * {@link ImageTask#columns()}. The
     * model directory's configuration and class names are read here, on the driver, so that a missing model is
     * one error before any task runs; an evaluation's folder names are checked against the class names.
     *
     * @return the result table
     * @throws IOException if the model directory has no readable {@code config.json} or {@code classes.txt}
     * @throws IllegalArgumentException if an evaluation's input has no paths, or a folder name is not a class
     */
    public Dataset<Row> results() throws IOException {
        SparkSession spark = input.getSession();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> classes = ModelFiles.readClasses(model, hadoop);
        int n = partitions > 0 || input.getCount() < 0 ? partitions
                : (int) Math.max(spark.sparkContext().defaultParallelism(),
                        Math.min(Integer.MAX_VALUE, (input.getCount() + IMAGES_PER_PARTITION - 1) / IMAGES_PER_PARTITION));
        if (task == ImageTask.EVALUATE) {
            checkLabels(classes);
        }
        Dataset<Row> table = input.getTable(n);
        StructType schema = table.schema();
        int imageColumn = schema.fieldIndex(input.getColumn());
        List<StructField> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            if (!(input.isBytes() && field.name().equals(input.getColumn()))) {
                fields.add(field);
            }
        }
        for (StructField added : task.columns()) {
            if (Arrays.asList(schema.fieldNames()).contains(added.name())) {
                throw new IllegalArgumentException("the input already has a column " + added.name()
                        + ", which the " + task.name().toLowerCase(java.util.Locale.ROOT) + " output adds");
            }
            fields.add(added);
        }
        Broadcast<SerializableConfiguration> conf =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new SerializableConfiguration(hadoop));
        PartitionInference inference = new PartitionInference(task, new ModelKey(model, device, foldBatchNorm), conf,
                imageColumn, input.isBytes(), input.getColumn(), batchSize, threads);
        return table.mapPartitions(inference, Encoders.row(new StructType(fields.toArray(StructField[]::new))));
    }

    /** Refuses an evaluation whose folder names are not all class names: it could not rank them. */
    private void checkLabels(List<String> classes) {
        if (input.isBytes()) {
            throw new IllegalArgumentException("an evaluation takes each image's class from its folder: the input"
                    + " needs image paths, not bytes");
        }
        List<String> unknown = new ArrayList<>(input.getLabels());
        unknown.removeAll(classes);
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new IllegalArgumentException("folder(s) " + unknown.subList(0, Math.min(5, unknown.size()))
                    + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
                    + " are not among the model's " + classes.size() + " classes (the folder an image is in is its"
                    + " class)");
        }
    }

    /**
     * Computes the results and writes them as Parquet, replacing the output directory through Spark's commit
     * protocol: the files become visible together when the job commits, so a job that fails or is killed leaves
     * no readable output, and running it again gives the whole output. Spark removes the previous output when
     * the job starts. A directory holding anything a Spark job does not write is refused before that.
     *
     * @param output the output directory, local or on any Hadoop file system
     * @return what was written
     * @throws IOException if the model directory cannot be read, or the output holds files a Spark job does
     *     not write ({@link java.nio.file.FileAlreadyExistsException}, naming one)
     */
    public JobSummary writeParquet(String output) throws IOException {
        Dataset<Row> results = results();
        SparkSession spark = results.sparkSession();
        SparkOutput.checkReplaceable(output, spark.sparkContext().hadoopConfiguration());
        long start = System.nanoTime();
        results.write().mode(SaveMode.Overwrite).option(COMMITTER_ALGORITHM, "1").parquet(output);
        double seconds = (System.nanoTime() - start) / 1e9;
        return JobSummary.read(spark, output, task, seconds);
    }

    /** Builds an {@link ImageJob}. */
    public static final class Builder {

        private ImageTask task;
        private String model;
        private ImageSource input;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int partitions;
        private String device;
        private boolean foldBatchNorm = true;
        private int threads;

        private Builder() {}

        /**
         * Sets what the job computes.
         *
         * @param task the task
         * @return this builder
         */
        public Builder setTask(ImageTask task) {
            this.task = task;
            return this;
        }

        /**
         * Sets the model directory: a training run's {@code best/}, a checkpoint, an import.
         *
         * @param model a local path (on every executor's machine), or a URI of any Hadoop file system, from
         *     which each executor copies it once
         * @return this builder
         */
        public Builder setModel(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the images.
         *
         * @param input the images
         * @return this builder
         */
        public Builder setInput(ImageSource input) {
            this.input = input;
            return this;
        }

        /**
         * Sets the images per forward pass; default {@value ImageJob#DEFAULT_BATCH_SIZE}.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Repartitions the input into this many partitions, one task each. By default files are spread over at
         * least as many partitions as the cluster has cores, at most {@value ImageJob#IMAGES_PER_PARTITION}
         * images each, and a table keeps its partitions.
         *
         * @param partitions the number of partitions; 0 for the default
         * @return this builder
         */
        public Builder optPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * Runs the network on this device in every executor. By default a task runs on the GPU Spark's
         * scheduling assigned it, else on GPU 0 when there is one, else on the CPU.
         *
         * @param device the device, e.g. {@code Device.cpu()}; null for the default
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device == null ? null : device.getDeviceType() + (device.getDeviceId() < 0 ? "" : device.getDeviceId());
            return this;
        }

        /**
         * Folds BatchNorm into the convolutions, or keeps it separate; default folded (the same outputs within
         * float rounding).
         *
         * @param foldBatchNorm whether to fold
         * @return this builder
         */
        public Builder optFoldBatchNorm(boolean foldBatchNorm) {
            this.foldBatchNorm = foldBatchNorm;
            return this;
        }

        /**
         * Sets libtorch's intra-op threads in each executor JVM, once, when its first model loads. By default
         * {@code spark.task.cpus}: an executor running one task per core then runs one thread per core. Ignored
         * where the executor was started with {@code -Dai.djl.pytorch.num_threads}.
         *
         * @param threads the threads per task; 0 for the default
         * @return this builder
         */
        public Builder optThreadsPerTask(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Builds the job.
         *
         * @return the job
         * @throws IllegalArgumentException if the task, model or input is missing, or a number is out of range
         */
        public ImageJob build() {
            if (task == null || model == null || input == null) {
                throw new IllegalArgumentException("an image job needs a task, a model and an input");
            }
            if (model.isBlank()) {
                throw new IllegalArgumentException("model: expected a model directory, got an empty path");
            }
            if (batchSize < 1 || partitions < 0 || threads < 0) {
                throw new IllegalArgumentException("expected a batch size of at least 1 and partitions and threads"
                        + " of at least 0, got " + batchSize + ", " + partitions + " and " + threads);
            }
            return new ImageJob(this);
        }
    }
}
