package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A kind of weight file from another framework, and everything this library must know to use it: how to read
 * the file, which network the weights fit, how that network's input must be prepared (the pixel range and
 * normalization the weights were trained with), and which tensor goes to which parameter. {@link ModelImport}
 * and {@link WeightImport} work through this interface alone, so a new format is one implementation, added to
 * {@link WeightFormats} to be found by name.
 *
 * <pre>{@code
 * WeightFormat<?> format = WeightFormats.named("torchvision");
 * ModelImport.builder().setFormat(format).setWeights(file).setOutput(dir).build().run();
 * }</pre>
 *
 * @param <T> what {@link #read(Path)} gives: the file's tensors in the file's own layout and names
 */
public interface WeightFormat<T> {

    /**
     * Returns the name the format is known by, one lower-case word such as {@code keras}.
     *
     * @return the name
     */
    String name();

    /**
     * Reads and checks a file. Files are untrusted: sizes are bounded before anything is allocated.
     *
     * @param file the weight file
     * @return the file's tensors
     * @throws java.nio.file.NoSuchFileException naming the file, when it does not exist
     * @throws WeightFormatException naming the file, when it is not of this format, damaged or too large
     * @throws IOException if reading fails
     */
    T read(Path file) throws IOException;

    /**
     * Reads the network's widths from the tensors' shapes.
     *
     * @param weights what {@link #read(Path)} gave
     * @return the widths
     * @throws WeightFormatException when the tensors are not those of an AlexNet
     */
    ImportedSizes sizes(T weights) throws WeightFormatException;

    /**
     * Returns the configuration of the network the weights fit, with the preprocessing they were trained
     * with: variant, widths, number of classes and the per-channel mean and standard deviation. The input size
     * is left to the caller: weights do not hold it.
     *
     * @param sizes what {@link #sizes} read
     * @return a builder, ready for the input shape
     */
    ModelConfig.Builder network(ImportedSizes sizes);

    /**
     * Maps the tensors onto the block's parameter paths, in this library's layouts. Shapes and values are
     * checked afterwards, by {@link ParameterLoader}.
     *
     * @param weights what {@link #read(Path)} gave
     * @param block the network the weights are for, as {@link #network} describes it
     * @return the tensors by parameter path (e.g. {@code conv1.conv.weight})
     * @throws WeightFormatException when the tensors do not map onto the block
     */
    Map<String, WeightTensor> toParameters(T weights, AlexNetBlock block) throws WeightFormatException;
}
