package io.github.alexnetdjl.spark.cli;

import ai.djl.Device;
import io.github.alexnetdjl.spark.ImageJob;
import io.github.alexnetdjl.spark.ImageSource;
import io.github.alexnetdjl.spark.ImageTask;
import io.github.alexnetdjl.spark.JobSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every job takes, and running one: the session, the job, the summary's common lines. */
final class JobOptions {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory: a local path or any Hadoop URI (hdfs://, s3a://, ...).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Images: a directory (read at any depth) or glob of image files; with --column, a"
                    + " Parquet table.")
    String input;

    @Option(names = "--column", paramLabel = "NAME",
            description = "Read --input as a Parquet table whose column NAME holds image paths (string) or"
                    + " bytes (binary); its other columns are copied to the output.")
    String column;

    @Option(names = "--output", required = true, paramLabel = "PATH",
            description = "Parquet output directory, replaced when the job commits. Refused if it holds"
                    + " anything a Spark job does not write.")
    String output;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ImageJob.DEFAULT_BATCH_SIZE,
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Tasks to split the images into (default: at least one per core, at most "
                    + ImageJob.IMAGES_PER_PARTITION + " images each; a table keeps its partitions).")
    int partitions;

    @Option(names = "--threads-per-task", paramLabel = "N", defaultValue = "0",
            description = "libtorch threads per task (default: spark.task.cpus).")
    int threads;

    @Option(names = "--cpu", description = "Use the CPU even where a GPU is present.")
    boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    boolean noFold;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "Spark's log level on the driver (default: ${DEFAULT-VALUE}).")
    String logLevel;

    /**
     * Runs a job and prints the lines every job prints.
     *
     * @param task the job's task
     * @param out where the summary goes
     * @return the summary, for the task's own lines
     * @throws IOException if the model or the output cannot be used
     */
    JobSummary run(ImageTask task, PrintWriter out) throws IOException {
        SparkConf sparkConf = new SparkConf().setAppName("alexnet spark " + task.name().toLowerCase(Locale.ROOT));
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster("local[*]");
        }
        conf.forEach(sparkConf::set);
        // A session that was running already (an application calling this in-process) is not this job's to stop.
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSession.builder().config(sparkConf).getOrCreate();
        try {
            spark.sparkContext().setLogLevel(logLevel);
            ImageSource source = column == null ? ImageSource.files(spark, input)
                    : ImageSource.table(spark.read().parquet(input), column);
            JobSummary summary = ImageJob.builder()
                    .setTask(task)
                    .setModel(model)
                    .setInput(source)
                    .optBatchSize(batchSize)
                    .optPartitions(partitions)
                    .optThreadsPerTask(threads)
                    .optDevice(cpu ? Device.cpu() : null)
                    .optFoldBatchNorm(!noFold)
                    .build()
                    .writeParquet(output);
            out.printf(Locale.ROOT, "Images:      %d%s%n", summary.images(), summary.errors() == 0 ? ""
                    : " (" + summary.errors() + " could not be read: see the " + ImageTask.ERROR + " column)");
            out.printf(Locale.ROOT, "Time:        %.1f s, %.2f images/s%n", summary.seconds(), summary.imagesPerSecond());
            out.printf(Locale.ROOT, "Output:      %s (Parquet)%n", output);
            return summary;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }
}
