package io.github.alexnetdjl.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a job wrote, counted from its committed output: the images, how many of them could not be computed,
 * the time and, for {@link ImageTask#EVALUATE}, the errors per class and overall.
 *
 * @param images the rows written, one per image, errors included
 * @param errors the images that could not be computed (their {@value ImageTask#ERROR} is set)
 * @param seconds the job's wall-clock time
 * @param classes per class, sorted by name, for an evaluation; empty otherwise
 */
public record JobSummary(long images, long errors, double seconds, List<ClassErrors> classes) {

    /**
     * One class's evaluation, counted as {@code ModelEvaluation} counts: over the images that could be
     * classified.
     *
     * @param label the class
     * @param images the images that were classified
     * @param top1Hits those whose most probable class is the label
     * @param top5Hits those whose label is among the five most probable
     * @param unreadable the images of the class that could not be classified
     */
    public record ClassErrors(String label, long images, long top1Hits, long top5Hits, long unreadable) {

        /**
         * Returns the fraction of images whose most probable class is wrong.
         *
         * @return the top-1 error; NaN when no image was classified
         */
        public double top1Error() {
            return 1 - (double) top1Hits / images;
        }

        /**
         * Returns the fraction of images whose true class is not among the five most probable.
         *
         * @return the top-5 error; NaN when no image was classified
         */
        public double top5Error() {
            return 1 - (double) top5Hits / images;
        }
    }

    /**
     * Returns the images computed per second of the job's wall-clock time, errors included.
     *
     * @return the throughput
     */
    public double imagesPerSecond() {
        return images / seconds;
    }

    /**
     * Returns the evaluation over all classes.
     *
     * @return the sums over {@link #classes()}, labelled {@code "overall"}
     */
    public ClassErrors overall() {
        long n = 0;
        long top1 = 0;
        long top5 = 0;
        long unreadable = 0;
        for (ClassErrors c : classes) {
            n += c.images();
            top1 += c.top1Hits();
            top5 += c.top5Hits();
            unreadable += c.unreadable();
        }
        return new ClassErrors("overall", n, top1, top5, unreadable);
    }

    /**
     * Counts a job's committed Parquet output.
     *
     * @param spark the session
     * @param output the output directory
     * @param task the task that wrote it
     * @param seconds how long the job took
     * @return the summary
     */
    static JobSummary read(SparkSession spark, String output, ImageTask task, double seconds) {
        Dataset<Row> written = spark.read().parquet(output);
        Row totals = written.agg(count("*"), count(col(ImageTask.ERROR))).first();
        List<ClassErrors> classes = new ArrayList<>();
        if (task == ImageTask.EVALUATE) {
            List<Row> rows = written.groupBy(ImageTask.LABEL)
                    .agg(count(when(col(ImageTask.ERROR).isNull(), 1)),
                            count(when(col(ImageTask.TOP1), 1)),
                            count(when(col(ImageTask.TOP5), 1)),
                            count(col(ImageTask.ERROR)))
                    .orderBy(ImageTask.LABEL)
                    .collectAsList();
            for (Row r : rows) {
                classes.add(new ClassErrors(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
        }
        return new JobSummary(totals.getLong(0), totals.getLong(1), seconds, List.copyOf(classes));
    }
}
