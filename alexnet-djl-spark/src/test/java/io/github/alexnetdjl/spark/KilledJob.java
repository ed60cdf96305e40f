package io.github.alexnetdjl.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A classify job for a child JVM that the test kills: its first task runs and commits, every later one waits
 * for ever, so that the kill finds the job between a task's commit and the job's.
 */
public final class KilledJob {

    private KilledJob() {}

    /** Lets the first partition through; holds the others. */
    static final class HoldAfterTheFirst implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws InterruptedException {
            while (TaskContext.getPartitionId() > 0) {
                Thread.sleep(100);
            }
            return rows;
        }
    }

    /**
     * Runs the job.
     *
     * @param args the model directory, the image folder, the output directory
     * @throws Exception if the job fails
     */
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        Dataset<Row> paths = ImageSource.files(spark, args[1]).getTable(4);
        Dataset<Row> held = paths.mapPartitions(new HoldAfterTheFirst(), Encoders.row(paths.schema()));
        ImageJob.builder().setTask(ImageTask.CLASSIFY).setModel(args[0])
                .setInput(ImageSource.table(held, ImageSource.PATH_COLUMN)).build().writeParquet(args[2]);
    }
}
