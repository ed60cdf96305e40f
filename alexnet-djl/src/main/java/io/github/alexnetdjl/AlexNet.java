package io.github.alexnetdjl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.translate.TranslateException;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.inference.InferenceNetwork;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.onnx.OnnxRuntimeInference;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.summary.ModelSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A ready AlexNet: the block, initialized, inside a DJL {@link Model}. Built ({@link #build}) it is a new
 * network on the best device, to train or to inspect; loaded from a model directory ({@link #load}) it is a
 * trained network ready for inference, with its class names. Close it to free its native memory.
 *
 * <p>In JShell, as the notebook's last cell:
 *
 * <pre>{@code
 * var alexnet = AlexNet.build();
 * alexnet.summary();
 * }</pre>
 *
 * <p>In code:
 *
 * <pre>{@code
 * try (AlexNet alexnet = AlexNet.build();
 *         NDManager manager = alexnet.getModel().getNDManager().newSubManager()) {
 *     NDArray images = manager.randomUniform(0f, 1f, alexnet.getBlock().getInputShape(2));
 *     NDArray probabilities = alexnet.predict(images); // (2, 1000), rows sum to 1
 * }
 *
 * try (AlexNet alexnet = AlexNet.load(Path.of("runs/mine/best"))) {
 *     Classifications top = alexnet.classify(Path.of("cat.jpg"));
 *     top.topK(5);
 * }
 * }</pre>
 */
public final class AlexNet implements AutoCloseable {

    /** The model's name, as the notebook's Keras summary shows it. */
    public static final String NAME = "alexnet";

    /** The PyTorch model that owns the parameters. */
    private final Model model;
    private final AlexNetBlock block;
    /** The model that runs the network: {@link #model} itself, or the network exported to ONNX Runtime. */
    private final Model runner;
    /** The model directory it was loaded from; null when built. */
    private final ModelDirectory loaded;

    private AlexNet(Model model, AlexNetBlock block, Model runner, ModelDirectory loaded) {
        this.model = model;
        this.block = block;
        this.runner = runner;
        this.loaded = loaded;
    }

    /**
     * Builds the notebook's AlexNet, initialized with Keras's initializers, on GPU 0 when there is one and
     * on the CPU otherwise.
     *
     * @return the model, to be closed by the caller
     */
    public static AlexNet build() {
        return build(AlexNetBlock.builder().build(), ModelFactory.builder().build());
    }

    /**
     * Builds a model for the given block with the given factory.
     *
     * @param block the network
     * @param factory where and how to create the model
     * @return the model, to be closed by the caller
     */
    public static AlexNet build(AlexNetBlock block, ModelFactory factory) {
        Model model = factory.newModel(NAME, block, block.getInputShape(1));
        return new AlexNet(model, block, model, null);
    }

    /**
     * Loads a model directory (a training run's {@code best/}, a checkpoint, an import) for inference, as
     * {@link InferenceOptions#builder()} says by default: on GPU 0 when there is one and on the CPU otherwise,
     * BatchNorm folded, on the PyTorch engine.
     *
     * @param directory the model directory
     * @return the model, to be closed by the caller
     * @throws IOException if a file is missing or cannot be read, naming it
     * @throws MalformedModelException if the files do not fit together or a parameter is NaN or infinite,
     *     naming the file
     */
    public static AlexNet load(Path directory) throws IOException, MalformedModelException {
        return load(directory, InferenceOptions.builder().build());
    }

    /**
     * Loads a model directory for inference. Parameters that are not all finite are refused (a diverged
     * training run saves them, and they give every image NaN probabilities); the parameters are frozen and the
     * network is rewritten for inference ({@link InferenceNetwork#install}: BatchNorm folded unless the options
     * say otherwise, channels-last convolutions, weight-major dense layers), so that it computes no gradients
     * on any thread. Such a model is not meant to be trained.
     *
     * @param directory the model directory
     * @param options the device, BatchNorm folding and the engine
     * @return the model, to be closed by the caller
     * @throws IOException if a file is missing or cannot be read, naming it, or the network cannot be handed
     *     to ONNX Runtime
     * @throws MalformedModelException if the files do not fit together or a parameter is NaN or infinite,
     *     naming the file, or ONNX Runtime refuses the network
     * @throws IllegalStateException if the device asked for does not exist
     */
    public static AlexNet load(Path directory, InferenceOptions options) throws IOException, MalformedModelException {
        Device device = ModelFactory.builder().optDevice(options.getDevice()).build().chooseDevice().device();
        ModelDirectory loaded = ModelDirectory.load(directory, device);
        try {
            InferenceNetwork.install(loaded, options.isFoldBatchNorm());
            Model runner = OnnxRuntimeInference.ENGINE.equals(options.getEngine())
                    ? OnnxRuntimeInference.load(loaded.getModel().getBlock(), loaded.getBlock().getOutput())
                    : loaded.getModel();
            return new AlexNet(loaded.getModel(), loaded.getBlock(), runner, loaded);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * Returns the DJL model that runs the network. Built, it is the model to train, predict with and save.
     * Loaded, its block is the network rewritten for inference, on the engine the options chose (for ONNX
     * Runtime a model of that engine); {@code getModel().newPredictor(newTranslator())} classifies images.
     *
     * @return the model
     */
    public Model getModel() {
        return runner;
    }

    /**
     * Returns the network as built or saved, softmax output; loaded, it shares its parameters with the
     * network {@link #getModel()} runs, except those the inference rewrites replaced.
     *
     * @return the block
     */
    public AlexNetBlock getBlock() {
        return block;
    }

    /**
     * Returns the device the parameters live on.
     *
     * @return the device
     */
    public Device getDevice() {
        return runner.getNDManager().getDevice();
    }

    /**
     * Runs the network in inference mode (no dropout, BatchNorm on its moving statistics) on a batch, with
     * libtorch's grad mode off on the calling thread for the pass and then restored as it was.
     *
     * @param images (N, C, H, W) float32 images, preprocessed as the model expects, on any device; they are
     *     copied to the model's device
     * @return the output, (N, classes), attached to the images' manager
     */
    public NDArray predict(NDArray images) {
        return InferenceNetwork.forward(runner.getBlock(), images.toDevice(getDevice(), false));
    }

    /**
     * Classifies an image: resized, center-cropped and normalized as in validation ({@link AlexNetTranslator}),
     * then run through the network.
     *
     * @param image the image
     * @return every class with its probability; {@code topK(5)} gives the five most probable
     * @throws TranslateException if the image cannot be preprocessed, e.g. too small for a non-square crop
     * @throws IllegalStateException if the model was built rather than loaded, so has no class names
     */
    public Classifications classify(Image image) throws TranslateException {
        try (Predictor<Image, Classifications> predictor = runner.newPredictor(newTranslator())) {
            return predictor.predict(image);
        }
    }

    /**
     * Reads and classifies an image file (JPEG, PNG, BMP or GIF), decoded as training and evaluation decode.
     *
     * @param image the image file
     * @return every class with its probability; {@code topK(5)} gives the five most probable
     * @throws IOException naming the file, when it cannot be read or decoded
     * @throws TranslateException if the image cannot be preprocessed, e.g. too small for a non-square crop
     * @throws IllegalStateException if the model was built rather than loaded, so has no class names
     */
    public Classifications classify(Path image) throws IOException, TranslateException {
        return classify(ImageFactory.getInstance().fromImage(ImageDecoder.read(image)));
    }

    /**
     * Returns a translator for DJL predictors of this model: {@code Image} in, {@code Classifications} out,
     * with the model's preprocessing and class names.
     *
     * @return the translator
     * @throws IllegalStateException if the model was built rather than loaded, so has no class names
     */
    public AlexNetTranslator newTranslator() {
        return AlexNetTranslator.of(getModelDirectory());
    }

    /**
     * Returns the model directory this model was loaded from, with its configuration and class names.
     *
     * @return the loaded model directory; closing this model closes it
     * @throws IllegalStateException if the model was built rather than loaded
     */
    public ModelDirectory getModelDirectory() {
        if (loaded == null) {
            throw new IllegalStateException("this AlexNet was built, not loaded from a model directory: it has no"
                    + " class names or preprocessing (AlexNet.load gives a model that has)");
        }
        return loaded;
    }

    /**
     * Prints the Keras-style summary to standard output, as the notebook's {@code alexnet.summary()} does.
     * For other layouts use {@link ModelSummary} directly.
     */
    public void summary() {
        summary(System.out);
    }

    /**
     * Prints the Keras-style summary (tf.keras 2 layout, 65 columns, one row per layer) to a stream.
     *
     * @param out where to print
     */
    public void summary(PrintStream out) {
        ModelSummary.builder().optName(NAME).build().print(block, block.getInputShape(1), out);
    }

    /**
     * Returns the Keras-style summary (tf.keras 2 layout, 65 columns, one row per layer) as text.
     *
     * @return the summary, lines ended by {@code \n}
     */
    public String summaryText() {
        return ModelSummary.builder().optName(NAME).build().format(block, block.getInputShape(1));
    }

    /**
     * Describes the model in one line, for JShell: variant, input, classes, device and parameter count.
     *
     * @return the description
     */
    @Override
    public String toString() {
        long parameters = 0;
        for (var parameter : block.getParameters().values()) {
            if (parameter.isInitialized()) {
                parameters += parameter.getArray().size();
            }
        }
        return String.format(
                java.util.Locale.ROOT,
                "AlexNet[%s, input %s, %d classes, %s, %,d parameters]",
                block.getVariant().name().toLowerCase(java.util.Locale.ROOT),
                block.getInputShape(),
                block.getNumClasses(),
                getDevice(),
                parameters);
    }

    /** Frees the model's native memory, and ONNX Runtime's when it runs the network. */
    @Override
    public void close() {
        if (runner != model) {
            runner.close();
        }
        model.close();
    }
}
