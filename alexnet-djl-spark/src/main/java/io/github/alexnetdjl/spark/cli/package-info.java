/**
 * {@code ./alexnet spark}: the command line of the Spark jobs, run by the {@code ./alexnet} launcher with
 * Spark on the class path, or by {@code spark-submit} from the module's assembly jar. It parses, runs one
 * {@link io.github.alexnetdjl.spark.ImageJob} and prints its summary.
 */
package io.github.alexnetdjl.spark.cli;
