package io.github.alexnetdjl.store;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A trained model on disk, and the model loaded from it. The directory holds:
 *
 * <ul>
 *   <li>{@code alexnet-0000.params}: the parameters, in DJL's format ({@code Model.save(dir, "alexnet")}),
 *       of the {@link AlexNetBlock} built with softmax output (the default);
 *   <li>{@code config.json}: the {@link ModelConfig} that rebuilds that block;
 *   <li>{@code classes.txt}: the class names, one a line, in the order of the network's outputs;
 *   <li>{@code serving.properties}: what DJL's {@code Criteria} needs to load the directory ({@link
 *       ServingProperties}).
 * </ul>
 *
 * <p>{@link #save} writes everything into a temporary directory next to the target and then renames it into
 * place, so a reader never sees a half-written model. Replacing an existing directory moves the old one
 * aside first and deletes it last. Only a model directory is ever replaced ({@link #isModelDirectory}): any
 * other file or directory at the target is refused, never deleted; {@link Overwrite} says whether an
 * existing model directory may be.
 *
 * <p>{@link #load} refuses, naming the file, a parameter file that is truncated, damaged, or holds parameters
 * whose shapes are not those of the network {@code config.json} describes. Inference should also call
 * {@link #checkFinite}: a diverged training run saves NaN parameters that load like any others.
 *
 * <pre>{@code
 * ModelDirectory.save(dir, block, config, classes);
 * try (ModelDirectory loaded = ModelDirectory.load(dir)) {
 *     Model model = loaded.getModel();          // block: loaded.getBlock(), softmax output
 * }
 * }</pre>
 */
public final class ModelDirectory implements AutoCloseable {

    /** The parameter file's prefix: the file is {@code alexnet-0000.params}. */
    public static final String PARAMETERS_PREFIX = "alexnet";

    /** The parameter file's name. */
    public static final String PARAMETERS_FILE = PARAMETERS_PREFIX + "-0000.params";

    /** The configuration file's name. */
    public static final String CONFIG_FILE = "config.json";

    /** The class-name file's name. */
    public static final String CLASSES_FILE = "classes.txt";

    private final Path directory;
    private final Model model;
    private final AlexNetBlock block;
    private final ModelConfig config;
    private final List<String> classes;

    private ModelDirectory(Path directory, Model model, AlexNetBlock block, ModelConfig config, List<String> classes) {
        this.directory = directory;
        this.model = model;
        this.block = block;
        this.config = config;
        this.classes = classes;
    }

    /** What {@link #save} may do when something already exists at the target path. */
    public enum Overwrite {
        /** Refuse: the target must not exist yet. */
        NEVER,
        /** Replace an existing model directory ({@link #isModelDirectory}); refuse anything else. */
        MODEL_DIRECTORY
    }

    /** Writes extra files into a model directory before it is renamed into place. */
    @FunctionalInterface
    public interface ExtraFiles {
        /**
         * Writes files into the directory.
         *
         * @param directory the temporary directory that becomes the model directory
         * @throws IOException if writing fails
         */
        void write(Path directory) throws IOException;
    }

    /**
     * Tells whether a path is a model directory this library wrote: a directory holding {@code config.json},
     * {@code classes.txt} and {@code alexnet-0000.params}.
     *
     * @param path the path
     * @return whether it is a model directory
     */
    public static boolean isModelDirectory(Path path) {
        return Files.isDirectory(path)
                && Files.isRegularFile(path.resolve(CONFIG_FILE))
                && Files.isRegularFile(path.resolve(CLASSES_FILE))
                && Files.isRegularFile(path.resolve(PARAMETERS_PREFIX + "-0000.params"));
    }

    /**
     * Checks that {@link #save} may write a model directory at a path: nothing exists there, or a model
     * directory that the policy allows to replace.
     *
     * @param directory the directory to create or replace
     * @param overwrite whether an existing model directory may be replaced
     * @throws FileAlreadyExistsException naming the path, when something else exists there, or a model
     *     directory and the policy is {@link Overwrite#NEVER}
     */
    public static void checkTarget(Path directory, Overwrite overwrite) throws FileAlreadyExistsException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isModelDirectory(directory)) {
            throw new FileAlreadyExistsException(
                    directory.toString(), null,
                    (Files.isDirectory(directory) ? "a directory" : "a file")
                            + " that is not a model directory (" + CONFIG_FILE + ", " + CLASSES_FILE + ", "
                            + PARAMETERS_PREFIX + "-0000.params) is already there; refusing to replace it");
        }
        if (overwrite != Overwrite.MODEL_DIRECTORY) {
            throw new FileAlreadyExistsException(
                    directory.toString(), null, "a model directory is already there; it is replaced only when asked");
        }
    }

    /**
     * Saves a model directory atomically, replacing a model directory already there.
     *
     * @param directory the directory to create or replace
     * @param block the network, initialized, with softmax output
     * @param config the configuration that rebuilds the block
     * @param classes the class names, as many as the block's classes
     * @throws FileAlreadyExistsException if something other than a model directory exists at the path
     * @throws IOException if writing fails; the target is then unchanged
     * @throws IllegalArgumentException if the block's output is not softmax, the classes do not match, or the
     *     block is not the network the config describes (naming the first difference)
     */
    public static void save(Path directory, AlexNetBlock block, ModelConfig config, List<String> classes)
            throws IOException {
        save(directory, block, config, classes, dir -> {});
    }

    /**
     * Saves a model directory atomically, replacing an existing one only as the policy allows.
     *
     * @param directory the directory to create or replace
     * @param block the network, initialized, with softmax output
     * @param config the configuration that rebuilds the block
     * @param classes the class names, as many as the block's classes
     * @param overwrite whether a model directory already at the path may be replaced
     * @throws FileAlreadyExistsException if something exists at the path that the policy does not replace
     * @throws IOException if writing fails; the target is then unchanged
     * @throws IllegalArgumentException if the block's output is not softmax, the classes do not match, or the
     *     block is not the network the config describes (naming the first difference)
     */
    public static void save(
            Path directory, AlexNetBlock block, ModelConfig config, List<String> classes, Overwrite overwrite)
            throws IOException {
        checkTarget(directory, overwrite);
        save(directory, block, config, classes);
    }

    /**
     * Saves a model directory atomically, with extra files (a training checkpoint's state), replacing a
     * model directory already there.
     *
     * @param directory the directory to create or replace
     * @param block the network, initialized, with softmax output
     * @param config the configuration that rebuilds the block
     * @param classes the class names, as many as the block's classes
     * @param extra writes further files into the directory before it is renamed into place
     * @throws FileAlreadyExistsException if something other than a model directory exists at the path
     * @throws IOException if writing fails; the target is then unchanged
     * @throws IllegalArgumentException if the block's output is not softmax, the classes do not match, or the
     *     block is not the network the config describes (naming the first difference)
     */
    public static void save(
            Path directory, AlexNetBlock block, ModelConfig config, List<String> classes, ExtraFiles extra)
            throws IOException {
        checkTarget(directory, Overwrite.MODEL_DIRECTORY);
        if (block.getOutput() != AlexNetBlock.Output.SOFTMAX) {
            throw new IllegalArgumentException(
                    "save the block built with softmax output (train its logits() view), got " + block.getOutput());
        }
        if (classes.size() != config.getNumClasses() || block.getNumClasses() != config.getNumClasses()) {
            throw new IllegalArgumentException(
                    "class names, config and block disagree: "
                            + classes.size()
                            + " names, config numClasses "
                            + config.getNumClasses()
                            + ", block classes "
                            + block.getNumClasses());
        }
        checkMatch(block, config);
        checkClassNames(classes);
        Path target = directory.toAbsolutePath().normalize();
        Path temp = AtomicFiles.newTempDirectory(target);
        try {
            try (Model writer = Model.newInstance(PARAMETERS_PREFIX, Device.cpu(), ModelFactory.ENGINE)) {
                // The writer only serializes; the parameters stay owned by the caller's model.
                writer.setBlock(block);
                writer.setProperty("Epoch", "0");
                writer.save(temp, PARAMETERS_PREFIX);
            }
            Files.writeString(temp.resolve(CONFIG_FILE), config.toJson(), StandardCharsets.UTF_8);
            Files.writeString(temp.resolve(CLASSES_FILE), String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
            ServingProperties.write(temp);
            extra.write(temp);
            AtomicFiles.replaceDirectory(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
    }

    /**
     * A config that describes another network than the block's would reload as that other network, its
     * parameters loading without complaint where their shapes agree (an LRN's scaling, BatchNorm's epsilon).
     */
    private static void checkMatch(AlexNetBlock block, ModelConfig config) {
        block.getSpec().differenceFrom(config.getSpec()).ifPresent(difference -> {
            throw new IllegalArgumentException("the block does not match the config: " + difference.component()
                    + " is " + Objects.requireNonNullElse(difference.value(), "none") + " in the block, "
                    + Objects.requireNonNullElse(difference.otherValue(), "none") + " in the config");
        });
    }

    /**
     * Checks that class names can be written to {@code classes.txt}, one a line.
     *
     * @param classes the class names
     * @throws IllegalArgumentException naming the first name that is empty or holds a line break
     */
    public static void checkClassNames(List<String> classes) {
        for (String name : classes) {
            if (name.isEmpty() || name.contains("\n") || name.contains("\r")) {
                throw new IllegalArgumentException("class names must be non-empty single lines, got '"
                        + name.replace("\n", "\\n").replace("\r", "\\r") + "'");
            }
        }
    }

    /**
     * Loads a model directory onto the device {@link ModelFactory} chooses (the GPU when there is one).
     *
     * @param directory the model directory
     * @return the loaded model, to be closed by the caller
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if the files do not fit together
     */
    public static ModelDirectory load(Path directory) throws IOException, MalformedModelException {
        return load(directory, ModelFactory.builder().build().chooseDevice().device());
    }

    /**
     * Loads a model directory onto a device.
     *
     * @param directory the model directory
     * @param device where the parameters go
     * @return the loaded model, to be closed by the caller
     * @throws IOException if a file is missing or cannot be read, naming it
     * @throws MalformedModelException if the parameter file is truncated or damaged, or the files do not fit
     *     together, naming the file
     */
    public static ModelDirectory load(Path directory, Device device) throws IOException, MalformedModelException {
        Model model = Model.newInstance(PARAMETERS_PREFIX, device, ModelFactory.ENGINE);
        try {
            return load(directory, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a model directory into a PyTorch model created elsewhere, on its device: the model DJL's {@code
     * Criteria} creates and hands to a {@code BlockFactory}. The checks are those of {@link #load(Path, Device)}.
     *
     * @param directory the model directory
     * @param model an empty PyTorch model; it gets the block and the parameters, and stays the caller's to close
     * @return the loaded model directory, holding that model
     * @throws IOException if a file is missing or cannot be read, naming it
     * @throws MalformedModelException if the parameter file is truncated or damaged, or the files do not fit
     *     together, naming the file
     */
    public static ModelDirectory load(Path directory, Model model) throws IOException, MalformedModelException {
        ModelConfig config = readConfig(directory);
        List<String> classes = readClasses(directory);
        if (classes.size() != config.getNumClasses()) {
            throw new MalformedModelException(
                    directory.resolve(CLASSES_FILE)
                            + ": expected "
                            + config.getNumClasses()
                            + " class names (numClasses in config.json), found "
                            + classes.size());
        }
        Path parameters = directory.resolve(PARAMETERS_FILE);
        if (!Files.isRegularFile(parameters)) {
            throw new IOException("not a model directory: " + directory + " has no " + PARAMETERS_FILE);
        }
        AlexNetBlock block = config.newBlock();
        ModelFactory.builder().build().applyCudnnBenchmark(model.getNDManager().getDevice());
        model.setBlock(block);
        readParameters(model, parameters);
        if (!block.isInitialized()) {
            throw new MalformedModelException(
                    parameters + ": not a DJL parameter file (it does not start with DJL@)");
        }
        checkShapes(block, config, parameters);
        // Loading restores shapes but not DJL's input names, which saving again needs; the parameters
        // are loaded already, so this initializes nothing else.
        block.initialize(model.getNDManager(), DataType.FLOAT32, block.getInputShape(1));
        return new ModelDirectory(directory, model, block, config, classes);
    }

    /**
     * DJL's reader fails on a damaged file with messages that name neither the file nor the fault ("null" for a
     * truncated one, "Invalid input data.", a NegativeArraySizeException for a garbled length): this names both.
     */
    private static void readParameters(Model model, Path parameters) throws IOException, MalformedModelException {
        try {
            model.load(parameters.getParent(), PARAMETERS_PREFIX);
        } catch (EOFException e) {
            throw new MalformedModelException(parameters + ": truncated, the parameters end early (expected all the"
                    + " parameters of the network " + CONFIG_FILE + " describes)", e);
        } catch (MalformedModelException e) {
            throw damaged(parameters, e.getMessage() == null ? "" : " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // A garbled length or type name: DJL's message is a number or an enum constant, not worth showing.
            throw damaged(parameters, "", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot read " + parameters + ": " + e.getReason(), e);
        } catch (IOException e) {
            // Not the file system's refusal but DJL's reader stumbling on the bytes (bad UTF-8, a bad version).
            throw damaged(parameters, "", e);
        }
    }

    private static MalformedModelException damaged(Path parameters, String detail, Exception cause) {
        return new MalformedModelException(parameters + ": damaged, or not the parameters of the network "
                + CONFIG_FILE + " describes" + detail, cause);
    }

    /**
     * DJL gives each parameter the shape it finds in the file, so parameters that do not match config.json load
     * without complaint and then fail in the middle of a forward pass, or run as a network config.json does not
     * describe. The expected shapes come from the configuration's block initialized with one-element
     * placeholders: nothing of the network's size is allocated.
     */
    private static void checkShapes(AlexNetBlock loaded, ModelConfig config, Path parameters)
            throws MalformedModelException {
        AlexNetBlock expected = config.newBlock();
        expected.setInitializer((manager, shape, type) -> manager.zeros(new Shape(1), type), parameter -> true);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            expected.initialize(manager, DataType.FLOAT32, expected.getInputShape(1));
            ParameterList wanted = expected.getParameters();
            ParameterList found = loaded.getParameters();
            for (int i = 0; i < wanted.size(); i++) {
                Shape needed = wanted.get(i).getValue().getShape();
                Shape actual = found.get(i).getValue().getArray().getShape();
                if (!needed.equals(actual)) {
                    throw new MalformedModelException(parameters + ": parameter " + wanted.get(i).getKey() + " has shape "
                            + actual + ", the network " + CONFIG_FILE + " describes needs " + needed);
                }
            }
        }
    }

    /**
     * Checks that every parameter is finite. A model whose training diverged saves NaN or infinite parameters and
     * then classifies every image alike, with NaN probabilities; loading for inference should refuse it. Each
     * parameter is summed natively, which allocates nothing of its size: the sum of finite numbers is finite
     * unless it overflows, which the exact count made only then tells apart.
     *
     * @throws MalformedModelException naming the parameter file and the first parameter that holds NaN or an
     *     infinity
     */
    public void checkFinite() throws MalformedModelException {
        for (Pair<String, Parameter> named : block.getParameters()) {
            NDArray array = named.getValue().getArray();
            try (NDArray total = array.sum()) {
                if (Float.isFinite(total.toType(DataType.FLOAT32, false).getFloat())) {
                    continue;
                }
            }
            long nan;
            long infinite;
            try (NDArray flags = array.isNaN(); NDArray count = flags.countNonzero()) {
                nan = count.getLong();
            }
            try (NDArray flags = array.isInfinite(); NDArray count = flags.countNonzero()) {
                infinite = count.getLong();
            }
            if (nan > 0 || infinite > 0) {
                throw new MalformedModelException(String.format(Locale.ROOT,
                        "%s: parameter %s holds %d NaN and %d infinite value(s) of %d, expected finite numbers (did"
                                + " training diverge?)",
                        directory.resolve(PARAMETERS_FILE), named.getKey(), nan, infinite, array.size()));
            }
        }
    }

    /**
     * Reads a model directory's configuration without loading its parameters.
     *
     * @param directory the model directory
     * @return the configuration
     * @throws IOException if {@code config.json} is missing or unreadable
     */
    public static ModelConfig readConfig(Path directory) throws IOException {
        Path file = directory.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "not a model directory: " + directory + " has no " + CONFIG_FILE + " (expected "
                            + CONFIG_FILE + ", " + CLASSES_FILE + " and " + PARAMETERS_PREFIX + "-0000.params)");
        }
        try {
            return ModelConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model directory's class names.
     *
     * @param directory the model directory
     * @return the class names, in output order
     * @throws IOException if {@code classes.txt} is missing or unreadable
     */
    public static List<String> readClasses(Path directory) throws IOException {
        Path file = directory.resolve(CLASSES_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a model directory: " + directory + " has no " + CLASSES_FILE);
        }
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                classes.add(line);
            }
        }
        return Collections.unmodifiableList(classes);
    }

    /**
     * Returns the directory this model was loaded from.
     *
     * @return the directory
     */
    public Path getDirectory() {
        return directory;
    }

    /**
     * Returns the DJL model holding the block and its parameters.
     *
     * @return the model
     */
    public Model getModel() {
        return model;
    }

    /**
     * Returns the network, with softmax output; train its {@link AlexNetBlock#logits()} view.
     *
     * @return the block
     */
    public AlexNetBlock getBlock() {
        return block;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public ModelConfig getConfig() {
        return config;
    }

    /**
     * Returns the class names in output order.
     *
     * @return the class names
     */
    public List<String> getClasses() {
        return classes;
    }

    /** Frees the model's native memory. */
    @Override
    public void close() {
        model.close();
    }
}
