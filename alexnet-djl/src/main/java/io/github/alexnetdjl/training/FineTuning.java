package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.weights.ParameterLoader;
import io.github.alexnetdjl.weights.WeightFormatException;
import io.github.alexnetdjl.weights.WeightTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starting a training run from a model directory instead of a new network: an import of published weights
 * ({@code ModelImport}), or any run's {@code best/} or checkpoint. The network to train is the directory's
 * (variant, sizes, preprocessing) with as many classes as the new data has; every parameter is copied from
 * the directory except the classifier's (fc8), which is new and starts small ({@link #copyExceptClassifier} says
 * how and why).
 * {@link ClassifierTrainer.Builder#optStartFrom} does this; {@link TrainingOptions.Builder#optFreeze} and
 * {@link TrainingOptions.Builder#optLearningRateMultiplier} choose what learns how fast.
 *
 * <pre>{@code
 * Path from = Path.of("models/torchvision");
 * ModelConfig config = FineTuning.config(from, train.getClasses().size());
 * // decode the images at config.getResize(), then:
 * ClassifierTrainer.builder()
 *         .optStartFrom(from)
 *         .setData(train, validation)
 *         .setOutput(Path.of("runs/flowers"))
 *         .optOptions(TrainingOptions.paper().toBuilder().optLearningRate(0.001f).optFreeze("features").build())
 *         .build()
 *         .fit();
 * }</pre>
 */
public final class FineTuning {

    /** The stage that is replaced to fit the new classes. */
    static final String CLASSIFIER = "fc8";

    /** The standard deviation of the new classifier's weights ({@link #copyExceptClassifier} says why). */
    static final float CLASSIFIER_SIGMA = 0.01f;

    private FineTuning() {}

    /**
     * Returns the configuration a run that starts from a model directory trains: the directory's, with the
     * new number of classes.
     *
     * @param from the model directory
     * @param numClasses the number of classes of the new data
     * @return the configuration
     * @throws IOException if the directory has no readable configuration, naming the file
     * @throws IllegalArgumentException if the number of classes is out of range
     */
    public static ModelConfig config(Path from, int numClasses) throws IOException {
        return ModelDirectory.readConfig(from).toBuilder().optNumClasses(numClasses).build();
    }

    /**
     * Returns the configuration a run that starts from a model directory trains, on inputs of another size:
     * the directory's, with the new number of classes and input side, images resized before cropping in the
     * directory's ratio. Only a network whose parameters do not depend on the input size (the torchvision
     * variant's, with its adaptive pool) can take the directory's weights at another size.
     *
     * @param from the model directory
     * @param numClasses the number of classes of the new data
     * @param inputSide the input's height and width in pixels
     * @return the configuration
     * @throws IOException if the directory has no readable configuration, naming the file
     * @throws IllegalArgumentException if the number of classes or the size is out of range
     */
    public static ModelConfig config(Path from, int numClasses, int inputSide) throws IOException {
        ModelConfig source = ModelDirectory.readConfig(from);
        int[] shape = source.getInputShape();
        int resize = Math.max(inputSide, Math.round(inputSide * (float) source.getResize() / shape[1]));
        return source.toBuilder().optNumClasses(numClasses).optInputShape(shape[0], inputSide, inputSide)
                .optResize(resize).build();
    }

    /**
     * Copies every parameter of a model directory into a network of the same variant and shape, except the
     * classifier's, which starts small: weights from N(0, 0.01), biases zero. Stage by stage, each all or
     * nothing: every parameter of the stage must have one of the same shape and finite values in the
     * directory, and the directory's stage no other.
     *
     * <p>Not as the variant initializes a new network: a trained fc7's activations are large (a norm near 18 on
     * the demo network), so weights of glorot_uniform's scale on them start with confident wrong answers (on
     * four classes of the demo data, a first epoch's training loss of 4.3, where this start gives 1.2) that the
     * first epochs spend undoing. Small
     * weights start every class nearly equally likely, as Caffe's fine-tuning examples and the paper's own
     * fc8 (N(0, 0.01)) do. Not zero: then no gradient reaches fc7 or below in the first step, and DJL's trainer
     * refuses a first step whose gradients sum to zero.
     *
     * @param from the model directory
     * @param block the initialized network to start training from
     * @param device where the directory's parameters are loaded
     * @throws IOException naming the directory and what does not fit; the block is then partly copied
     */
    static void copyExceptClassifier(Path from, AlexNetBlock block, Device device) throws IOException {
        ModelDirectory source;
        try {
            source = ModelDirectory.load(from, device);
        } catch (MalformedModelException e) {
            throw new IOException(e.getMessage(), e);
        }
        try (source) {
            Variant variant = Variant.parse(source.getConfig().getVariant());
            if (variant != block.getVariant()) {
                throw new IOException("the model in " + from + " is the " + name(variant) + " AlexNet, the network"
                        + " to train the " + name(block.getVariant()) + " one");
            }
            for (String stage : AlexNetBlock.STAGES) {
                if (!stage.equals(CLASSIFIER)) {
                    copyStage(from, source.getBlock().get(stage), block.get(stage), stage);
                }
            }
        }
        for (Pair<String, Parameter> parameter : block.get(CLASSIFIER).getParameters()) {
            NDArray array = parameter.getValue().getArray();
            boolean weight = parameter.getValue().getType() == Parameter.Type.WEIGHT;
            try (NDArray start = weight ? array.getManager().randomNormal(0f, CLASSIFIER_SIGMA, array.getShape(),
                    array.getDataType()) : array.zerosLike()) {
                LibTorch.overwrite(array, start);
            }
        }
    }

    private static String name(Variant variant) {
        return variant.name().toLowerCase(Locale.ROOT);
    }

    private static void copyStage(Path from, Block source, Block target, String stage) throws IOException {
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : source.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            String path = stage + "." + parameter.getKey();
            tensors.put(parameter.getKey(), new WeightTensor(path, array.getShape(), array.toFloatArray()));
        }
        for (Pair<String, Parameter> parameter : target.getParameters()) {
            WeightTensor tensor = tensors.get(parameter.getKey());
            Shape needed = parameter.getValue().getArray().getShape();
            if (tensor != null && !tensor.shape().equals(needed)) {
                throw new IOException(from + ": parameter " + tensor.source() + " has shape " + tensor.shape()
                        + ", the network to train needs " + needed + " (a model directory's weights fit its own"
                        + " input size and layer sizes)");
            }
        }
        try {
            ParameterLoader.load(target, tensors);
        } catch (WeightFormatException e) {
            throw new IOException("the parameters of " + from + " do not fit the network to train, in " + stage
                    + ": " + e.getMessage(), e);
        }
    }
}
