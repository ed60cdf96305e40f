package io.github.alexnetdjl.weights;

import java.util.List;

/** The weight formats this library reads, by name: where a new {@link WeightFormat} is registered. */
public final class WeightFormats {

    /** The notebook's Keras weights, into the seed variant; pixels in [0, 1], no normalization. */
    public static final WeightFormat<?> KERAS = new KerasFormat();

    /** A torchvision AlexNet state_dict, into the torchvision variant; ImageNet's mean and std. */
    public static final WeightFormat<?> TORCHVISION = new TorchvisionFormat();

    private static final List<WeightFormat<?>> ALL = List.of(KERAS, TORCHVISION);

    private WeightFormats() {}

    /**
     * Returns every registered format.
     *
     * @return the formats, in a fixed order
     */
    public static List<WeightFormat<?>> all() {
        return ALL;
    }

    /**
     * Returns the names of the registered formats.
     *
     * @return the names, in the order of {@link #all()}
     */
    public static List<String> names() {
        return ALL.stream().map(WeightFormat::name).toList();
    }

    /**
     * Returns the format of a name.
     *
     * @param name a format's name, such as {@code keras}
     * @return the format
     * @throws IllegalArgumentException naming the registered formats, when none has that name
     */
    public static WeightFormat<?> named(String name) {
        for (WeightFormat<?> format : ALL) {
            if (format.name().equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("no weight format '" + name + "'; expected one of " + names());
    }
}
