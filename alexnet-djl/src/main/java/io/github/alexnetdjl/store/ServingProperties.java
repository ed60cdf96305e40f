package io.github.alexnetdjl.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code serving.properties} file of a model directory: what DJL's own loading path needs to load it, so
 * that {@code Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(dir).build()
 * .loadModel()} works with this library on the class path. DJL's {@code BaseModelLoader} reads the file from
 * the model directory: the engine, the {@code BlockFactory} that builds the network from {@code config.json}
 * and loads its parameters (checked, BatchNorm folded, as {@code AlexNet.load} does) with the model's
 * preprocessing in front, and the class names' file, {@code classes.txt}.
 *
 * <p>{@link ModelDirectory#save} writes it into every model directory. Directories saved before it did hold
 * only {@code config.json}, {@code classes.txt} and {@code alexnet-0000.params}; {@link #add} gives them the
 * file (DJL looks for its factories nowhere else when given a model path).
 */
public final class ServingProperties {

    /** The file's name, the one DJL looks for in a model directory. */
    public static final String FILE = "serving.properties";

    /**
     * The content. The factories are named as text because this package cannot depend on the inference
     * package, which depends on it; the Criteria tests load through these names.
     *
     * <p>DJL 0.25 chooses the translator of a {@code Criteria<Image, Classifications>} before it reads this file,
     * so it takes its own image classification translator, set up here by its documented arguments: no
     * transforms and no batching (the block factory's network preprocesses the decoded image exactly as this
     * library does), class names from {@code classes.txt}. {@code translatorFactory} serves DJL Serving
     * ({@code Input}/{@code Output}), which does read it. {@code hasParameter=false}: the block factory has
     * loaded the parameters already, so DJL's model must not read them a second time.
     */
    static final String TEXT = """
            # Read by DJL (Criteria.optModelPath, DJL Serving): alexnet-djl on the class path builds the network
            # from config.json, loads alexnet-0000.params and names the classes of classes.txt.
            engine=PyTorch
            blockFactory=io.github.alexnetdjl.inference.AlexNetBlockFactory
            translatorFactory=io.github.alexnetdjl.inference.AlexNetTranslatorFactory
            toTensor=false
            batchifier=none
            synsetFileName=classes.txt
            option.modelName=alexnet
            option.hasParameter=false
            """;

    private ServingProperties() {}

    /**
     * Writes the file into a directory being assembled (the temporary directory {@link ModelDirectory#save}
     * renames into place).
     */
    static void write(Path directory) throws IOException {
        Files.writeString(directory.resolve(FILE), TEXT, StandardCharsets.UTF_8);
    }

    /**
     * Adds the file to a model directory saved without it, atomically (a temporary file renamed into place).
     * A directory that has it already is left as it is.
     *
     * @param directory a model directory ({@link ModelDirectory#isModelDirectory})
     * @return whether the file was added; false when the directory had it already
     * @throws IOException if the path is not a model directory, or writing fails
     * @throws FileAlreadyExistsException if the directory holds a {@code serving.properties} this library did
     *     not write; it is never replaced
     */
    public static boolean add(Path directory) throws IOException {
        if (!ModelDirectory.isModelDirectory(directory)) {
            throw new IOException("not a model directory: " + directory + " (expected " + ModelDirectory.CONFIG_FILE
                    + ", " + ModelDirectory.CLASSES_FILE + " and " + ModelDirectory.PARAMETERS_FILE + ")");
        }
        Path file = directory.resolve(FILE);
        if (Files.exists(file)) {
            if (Files.isRegularFile(file) && Files.size(file) <= TEXT.length()
                    && Files.readString(file, StandardCharsets.UTF_8).equals(TEXT)) {
                return false;
            }
            throw new FileAlreadyExistsException(file.toString(), null,
                    "holds settings this library did not write; leaving them alone");
        }
        AtomicFiles.writeString(file, TEXT);
        return true;
    }
}
