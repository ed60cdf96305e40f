package io.github.alexnetdjl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.summary.ModelSummary;
import java.io.PrintStream;

/**
 * A ready AlexNet: the block, initialized, inside a DJL {@link Model} on the best device. Close it to free
 * its native memory.
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
 * }</pre>
 */
public final class AlexNet implements AutoCloseable {

    /** The model's name, as the notebook's Keras summary shows it. */
    public static final String NAME = "alexnet";

    private final Model model;
    private final AlexNetBlock block;

    private AlexNet(Model model, AlexNetBlock block) {
        this.model = model;
        this.block = block;
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
        return new AlexNet(factory.newModel(NAME, block, block.getInputShape(1)), block);
    }

    /**
     * Returns the DJL model, for trainers, predictors and saving.
     *
     * @return the model
     */
    public Model getModel() {
        return model;
    }

    /**
     * Returns the network.
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
        return model.getNDManager().getDevice();
    }

    /**
     * Runs the network in inference mode (no dropout, BatchNorm on its moving statistics) on a batch.
     *
     * @param images (N, C, H, W) float32 images on any device; they are copied to the model's device
     * @return the output, (N, classes), attached to the images' manager
     */
    public NDArray predict(NDArray images) {
        // libtorch's grad mode is per thread and DJL 0.25 switches it off only on the thread that loaded the
        // engine: on any other thread inference would record an autograd graph (docs/benchmarks.md).
        LibTorch.setGradMode(false);
        NDArray input = images.toDevice(getDevice(), false);
        ParameterStore parameters = new ParameterStore(images.getManager(), false);
        return block.forward(parameters, new NDList(input), false).singletonOrThrow();
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

    /** Frees the model's native memory. */
    @Override
    public void close() {
        model.close();
    }
}
