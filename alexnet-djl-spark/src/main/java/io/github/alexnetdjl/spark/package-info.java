/**
 * AlexNet on Apache Spark: classify, embed (fc7) and evaluate image collections of any size with the
 * library's own decoding, preprocessing and network, batched per partition, the model loaded once per
 * executor JVM ({@link io.github.alexnetdjl.spark.ExecutorModels}), results written to Parquet through Spark's
 * commit protocol.
 *
 * <pre>{@code
 * ImageJob job = ImageJob.builder()
 *         .setTask(ImageTask.CLASSIFY)
 *         .setModel("hdfs:///models/alexnet/best")
 *         .setInput(ImageSource.files(spark, "hdfs:///photos"))
 *         .build();
 * JobSummary summary = job.writeParquet("hdfs:///out/classes");
 * }</pre>
 *
 * <p>docs/spark.md describes the jobs, their output and how they scale.
 */
package io.github.alexnetdjl.spark;
