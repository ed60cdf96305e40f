package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads weights trained elsewhere into an initialized {@link AlexNetBlock}, in any {@link WeightFormat}: the
 * notebook's Keras weights into the notebook's (SEED) network, torchvision's state_dict into the torchvision
 * variant. All tensors are validated before any parameter changes; on error the block keeps its old values.
 *
 * <pre>{@code
 * try (AlexNet alexnet = AlexNet.build()) {
 *     WeightImport.keras(Path.of("alexnet.weights.h5"), alexnet.getBlock());
 *     NDArray probabilities = alexnet.predict(images);
 * }
 * }</pre>
 */
public final class WeightImport {

    private WeightImport() {}

    /**
     * Loads a weight file of a format into a network built as the format's {@link WeightFormat#network}
     * describes.
     *
     * @param format the file's format, e.g. {@link WeightFormats#TORCHVISION}
     * @param file the weight file
     * @param block the initialized network
     * @param <T> what the format reads
     * @throws WeightFormatException if the file is unreadable, unsafe or does not fit the block
     * @throws IOException if the file cannot be read
     */
    public static <T> void load(WeightFormat<T> format, Path file, AlexNetBlock block) throws IOException {
        ParameterLoader.load(block, format.toParameters(format.read(file), block));
    }

    /**
     * Loads a Keras weight file ({@code .h5} from tf.keras 2.x {@code save_weights} or {@code save}, Keras 3
     * {@code .weights.h5} or {@code .keras}) into the notebook's network.
     *
     * @param file the Keras file
     * @param block the initialized network, built with the sizes the weights were trained with
     * @throws WeightFormatException if the file is unreadable or does not fit the block
     * @throws IOException if the file cannot be read
     */
    public static void keras(Path file, AlexNetBlock block) throws IOException {
        load(WeightFormats.KERAS, file, block);
    }

    /**
     * Loads a torchvision AlexNet state_dict ({@code torch.save}, zip or legacy format) into a network of
     * the torchvision variant.
     *
     * @param file the {@code .pth} file
     * @param block the initialized network
     * @throws WeightFormatException if the file is unreadable, unsafe or does not fit the block
     * @throws IOException if the file cannot be read
     */
    public static void torchvision(Path file, AlexNetBlock block) throws IOException {
        load(WeightFormats.TORCHVISION, file, block);
    }
}
