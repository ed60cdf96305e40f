package io.github.alexnetdjl.spark;

import io.github.alexnetdjl.data.ImageFolder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The images a job reads: the image files under a directory or glob, or a table with a column of image paths
 * or image bytes. Files are listed on the driver by Spark's {@code binaryFile} source and handed to the tasks as
 * paths; each task reads the bytes of its own files. A table's other columns are carried into the output, to
 * identify each row.
 */
public final class ImageSource {

    /** The column of image paths that {@link #files} gives. */
    public static final String PATH_COLUMN = "path";

    private static final StructType PATHS = new StructType().add(PATH_COLUMN, DataTypes.StringType, false);

    private final SparkSession spark;
    private final Dataset<Row> table;
    private final List<String> files;
    private final String column;
    private final boolean bytes;

    private ImageSource(SparkSession spark, Dataset<Row> table, List<String> files, String column, boolean bytes) {
        this.spark = spark;
        this.table = table;
        this.files = files;
        this.column = column;
        this.bytes = bytes;
    }

    /**
     * The image files under a directory, at any depth, or matching a glob: files whose names end in one of
     * {@link ImageFolder#EXTENSIONS}, in any case. As everywhere in Spark, files and folders whose names start
     * with {@code _} or {@code .} are not listed. Only the listing happens here, sorted: each file's bytes are
     * read by the task that uses them. An empty file is an image that cannot be read, as any other.
     *
     * @param spark the session
     * @param pathOrGlob a directory or glob, local or on any Hadoop file system
     * @return the source, one row per file with its {@value #PATH_COLUMN}
     * @throws IllegalArgumentException if nothing there is an image file; a path that does not exist is Spark's
     *     {@code AnalysisException}, thrown undeclared as Scala throws it
     */
    public static ImageSource files(SparkSession spark, String pathOrGlob) {
        // The source's file index, not a scan: a scan would read every file's status again, and skip empty ones.
        String[] listed = spark.read()
                .format("binaryFile")
                // No partition columns from folder names such as year=2024: the tree is just folders.
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", imageGlob())
                .load(pathOrGlob)
                .inputFiles();
        if (listed.length == 0) {
            throw new IllegalArgumentException(pathOrGlob + " holds no image files (expected files ending in "
                    + ImageFolder.EXTENSIONS + ")");
        }
        Arrays.sort(listed);
        return new ImageSource(spark, null, List.of(listed), PATH_COLUMN, false);
    }

    /**
     * A table whose column holds images: their paths (strings, local or on any Hadoop file system) or their
     * bytes (binary, the files' contents). The other columns are carried into the output.
     *
     * @param table the table
     * @param column the image column
     * @return the source
     * @throws IllegalArgumentException if the table has no such column, or it is neither string nor binary
     */
    public static ImageSource table(Dataset<Row> table, String column) {
        StructField[] fields = table.schema().fields();
        DataType type = null;
        for (StructField field : fields) {
            if (field.name().equals(column)) {
                type = field.dataType();
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("the table has no column " + column + " (its columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.BinaryType)) {
            throw new IllegalArgumentException("column " + column + " is " + type.simpleString()
                    + ", expected string (image paths) or binary (image bytes)");
        }
        return new ImageSource(table.sparkSession(), table, null, column, type.equals(DataTypes.BinaryType));
    }

    /**
     * {@link ImageFolder#EXTENSIONS} as a case-insensitive Hadoop glob, {@code *.{[jJ][pP][gG],...}}: the
     * {@code binaryFile} source filters names with it while listing.
     */
    static String imageGlob() {
        return ImageFolder.EXTENSIONS.stream().sorted().map(ImageSource::anyCase)
                .collect(Collectors.joining(",", "*.{", "}"));
    }

    private static String anyCase(String extension) {
        StringBuilder glob = new StringBuilder();
        for (char c : extension.toCharArray()) {
            glob.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
        }
        return glob.toString();
    }

    /**
     * Returns the session the images are read in.
     *
     * @return the session
     */
    public SparkSession getSession() {
        return spark;
    }

    /**
     * Returns the images as a table of {@code partitions} partitions: listed files as that many slices of the
     * sorted listing (only paths travel to the tasks), a table repartitioned.
     *
     * @param partitions the number of partitions; 0 to keep a table's, or for files one per default
     *     parallelism slot
     * @return the table
     */
    public Dataset<Row> getTable(int partitions) {
        if (files == null) {
            return partitions > 0 ? table.repartition(partitions) : table;
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = partitions > 0 ? partitions : context.defaultParallelism();
        return spark.createDataFrame(context.parallelize(files, slices).map(RowFactory::create), PATHS);
    }

    /**
     * Returns the distinct true classes of the images, {@link ImageTask#label} of each path: from the listing
     * for files, by a Spark job over the path column for a table.
     *
     * @return the classes, sorted
     * @throws IllegalStateException if the images come as bytes
     */
    public List<String> getLabels() {
        if (bytes) {
            throw new IllegalStateException("images given as bytes have no folders");
        }
        if (files != null) {
            return files.stream().map(ImageTask::label).distinct().sorted().toList();
        }
        return table.select(column).as(Encoders.STRING())
                .map((MapFunction<String, String>) ImageTask::label, Encoders.STRING())
                .distinct().collectAsList().stream().sorted().toList();
    }

    /**
     * Returns the column that holds the images.
     *
     * @return the column's name
     */
    public String getColumn() {
        return column;
    }

    /**
     * Tells whether the column holds image bytes rather than paths.
     *
     * @return true for bytes
     */
    public boolean isBytes() {
        return bytes;
    }

    /**
     * Returns the number of images when the listing tells it without a Spark job.
     *
     * @return the number of files listed, or -1 for a table
     */
    public long getCount() {
        return files == null ? -1 : files.size();
    }
}
