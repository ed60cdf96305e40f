package io.github.alexnetdjl.spark;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * What a job computes for each image, and the columns it adds to the input's. Every task adds {@value
 * #ERROR}: null for an image that was computed, else why it could not be (unreadable, not an image, too
 * large); the task's other columns are then null.
 */
public enum ImageTask {

    /**
     * The five most probable classes ({@value #CLASSES}, most probable first) and their probabilities
     * ({@value #PROBABILITIES}), as {@code ./alexnet predict} prints them; fewer when the model has fewer
     * classes.
     */
    CLASSIFY(List.of(
            field(ImageTask.CLASSES, DataTypes.createArrayType(DataTypes.StringType, false)),
            field(ImageTask.PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false)))),

    /** fc7's activations after its ReLU ({@value #EMBEDDING}), the network's image embedding. */
    EMBED(List.of(field(ImageTask.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false)))),

    /**
     * The true class, the image's folder name ({@value #LABEL}), {@link #CLASSIFY}'s columns, and whether it is the
     * most probable ({@value #TOP1}) and among the five most probable ({@value #TOP5}), ranked as training and
     * {@code ./alexnet evaluate} rank.
     */
    EVALUATE(List.of(
            field(ImageTask.LABEL, DataTypes.StringType),
            field(ImageTask.CLASSES, DataTypes.createArrayType(DataTypes.StringType, false)),
            field(ImageTask.PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false)),
            field(ImageTask.TOP1, DataTypes.BooleanType),
            field(ImageTask.TOP5, DataTypes.BooleanType)));

    /** The column of the five most probable classes. */
    public static final String CLASSES = "classes";
    /** The column of their probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** The column of fc7's activations. */
    public static final String EMBEDDING = "embedding";
    /** The column of an evaluated image's true class: its folder's name ({@link #label}). */
    public static final String LABEL = "label";
    /** The column telling whether the true class is the most probable. */
    public static final String TOP1 = "top1";
    /** The column telling whether the true class is among the five most probable. */
    public static final String TOP5 = "top5";
    /** The column saying why an image could not be computed; null when it was. */
    public static final String ERROR = "error";

    /**
     * Returns an image's true class in an evaluation: the name of the folder it is in.
     *
     * @param path the image's path or URI
     * @return the folder's name
     */
    public static String label(String path) {
        return new org.apache.hadoop.fs.Path(path).getParent().getName();
    }

    /** How many of the most probable classes a row holds. */
    static final int TOP_K = 5;

    private final List<StructField> columns;

    ImageTask(List<StructField> columns) {
        this.columns = columns;
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /**
     * Returns the columns this task adds after the input's, {@value #ERROR} last.
     *
     * @return the columns
     */
    public List<StructField> columns() {
        return java.util.stream.Stream.concat(columns.stream(), java.util.stream.Stream.of(field(ERROR, DataTypes.StringType)))
                .toList();
    }
}
