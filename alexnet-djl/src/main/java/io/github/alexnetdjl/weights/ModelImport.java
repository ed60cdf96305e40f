package io.github.alexnetdjl.weights;

import ai.djl.Device;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.ModelDirectory.Overwrite;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Turns a weight file from another framework into a {@link ModelDirectory}: reads the file, sizes a network
 * from its tensors, configures the network and its preprocessing as the file's {@link WeightFormat} says,
 * loads the tensors (all validated first), and saves the directory; optionally also exports the
 * parameters. Nothing is written unless everything checks out, and nothing is replaced that this library did
 * not write: the output must not exist, or be a model directory and {@link Overwrite#MODEL_DIRECTORY} given;
 * the export file must not exist, or be empty or of its format.
 *
 * <pre>{@code
 * ModelImport.Result result = ModelImport.builder()
 *         .setFormat(WeightFormats.TORCHVISION)
 *         .setWeights(Path.of("alexnet-owt-7be5be79.pth"))
 *         .setOutput(Path.of("models/torchvision"))
 *         .optClassesFile(Path.of("imagenet_classes.txt"))
 *         .build()
 *         .run();
 * }</pre>
 */
public final class ModelImport {

    /**
     * What was imported.
     *
     * @param config the configuration saved with the model
     * @param sizes the widths read from the file
     * @param tensors the number of parameters loaded
     */
    public record Result(ModelConfig config, ImportedSizes sizes, int tensors) {}

    private final WeightFormat<?> format;
    private final Path weights;
    private final Path output;
    private final int height;
    private final int width;
    private final Path classesFile;
    private final Overwrite overwrite;
    private final Path export;

    private ModelImport(Builder b) {
        format = b.format;
        weights = b.weights;
        output = b.output;
        height = b.height;
        width = b.width;
        classesFile = b.classesFile;
        overwrite = b.overwrite;
        export = b.export;
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
     * Imports: checks the targets, reads and validates the weights, writes the model directory (and the
     * export).
     *
     * @return what was imported
     * @throws java.nio.file.FileAlreadyExistsException naming the output or export path, when something is
     *     there that may not be replaced; checked before the weights are read
     * @throws java.nio.file.NoSuchFileException naming the weight or classes file, when it does not exist
     * @throws WeightFormatException naming the file, when the weights are unreadable, too large, or do not fit
     *     a network of the input size within {@link io.github.alexnetdjl.store.SizeLimits}
     * @throws IllegalArgumentException when the class names do not match the weights' outputs
     * @throws IOException if reading or writing fails
     */
    public Result run() throws IOException {
        ModelDirectory.checkTarget(output, overwrite);
        if (export != null) {
            WeightExport.checkTarget(export);
        }
        List<String> names = classesFile == null ? null : readClassNames(classesFile);
        return run(format, names);
    }

    private <T> Result run(WeightFormat<T> weightFormat, List<String> names) throws IOException {
        T read = weightFormat.read(weights);
        ImportedSizes sizes = weightFormat.sizes(read);
        ModelConfig config;
        try {
            config = weightFormat.network(sizes).optInputShape(3, height, width).build();
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(
                    weights + ": the weights at input " + height + "x" + width + " do not make a network this library"
                            + " builds: " + e.getMessage(), e);
        }
        if (names == null) {
            names = IntStream.range(0, sizes.numClasses()).mapToObj(Integer::toString).collect(Collectors.toList());
        } else if (names.size() != sizes.numClasses()) {
            throw new IllegalArgumentException(
                    classesFile + ": " + names.size() + " class names, but the weights have " + sizes.numClasses()
                            + " outputs");
        }
        ModelFactory factory = ModelFactory.builder().optDevice(Device.cpu()).build();
        try (AlexNet alexnet = AlexNet.build(config.newBlock(), factory)) {
            Map<String, WeightTensor> parameters = weightFormat.toParameters(read, alexnet.getBlock());
            ParameterLoader.load(alexnet.getBlock(), parameters);
            ModelDirectory.save(output, alexnet.getBlock(), config, names, overwrite);
            if (export != null) {
                WeightExport.write(alexnet.getBlock(), export);
            }
            return new Result(config, sizes, parameters.size());
        }
    }

    private static List<String> readClassNames(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file; expected the class names, one a line");
        }
        if (!Files.isRegularFile(file)) {
            throw new FileSystemException(
                    file.toString(), null, "not a regular file; expected the class names, one a line");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text; expected the class names, one a line", e);
        }
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    /** Builds a {@link ModelImport}. */
    public static final class Builder {

        private WeightFormat<?> format;
        private Path weights;
        private Path output;
        private int height = 224;
        private int width = 224;
        private Path classesFile;
        private Overwrite overwrite = Overwrite.NEVER;
        private Path export;

        private Builder() {}

        /**
         * Sets the format of the weight file, which also decides the network and its preprocessing.
         *
         * @param format one of {@link WeightFormats}, or any other implementation
         * @return this builder
         */
        public Builder setFormat(WeightFormat<?> format) {
            this.format = format;
            return this;
        }

        /**
         * Sets the weight file.
         *
         * @param weights the file
         * @return this builder
         */
        public Builder setWeights(Path weights) {
            this.weights = weights;
            return this;
        }

        /**
         * Sets the model directory to write.
         *
         * @param output the directory
         * @return this builder
         */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /**
         * Sets the input size the weights were trained for; default 224 x 224.
         *
         * @param height the height
         * @param width the width
         * @return this builder
         */
        public Builder optInputSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets a file of class names, one a line, in output order; default: the numbers 0 to n-1.
         *
         * @param classesFile the file
         * @return this builder
         */
        public Builder optClassesFile(Path classesFile) {
            this.classesFile = classesFile;
            return this;
        }

        /**
         * Sets whether a model directory already at the output may be replaced; default
         * {@link Overwrite#NEVER}. Anything else there is refused either way.
         *
         * @param overwrite the policy
         * @return this builder
         */
        public Builder optOverwrite(Overwrite overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Also writes the parameters to a {@code .safetensors} or {@code .npz} file.
         *
         * @param export the file
         * @return this builder
         */
        public Builder optExport(Path export) {
            this.export = export;
            return this;
        }

        /**
         * Validates and builds the import.
         *
         * @return the import, ready to run
         * @throws IllegalArgumentException if a required setting is missing or the export file's extension is
         *     neither {@code .safetensors} nor {@code .npz}
         */
        public ModelImport build() {
            if (format == null || weights == null || output == null || overwrite == null) {
                throw new IllegalArgumentException("format, weights and output are required; overwrite not null");
            }
            if (export != null) {
                WeightExport.encoding(export);
            }
            return new ModelImport(this);
        }
    }
}
