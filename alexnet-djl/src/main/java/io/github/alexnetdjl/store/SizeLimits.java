package io.github.alexnetdjl.store;

/**
 * The largest sizes accepted from files this library did not write itself ({@code config.json}, weight files
 * from other frameworks), so that a damaged or hostile file is refused with a message naming the limit before
 * anything is allocated for it, instead of exhausting memory or overflowing an {@code int}.
 *
 * <p>Every limit is well above the largest real AlexNet: the paper's and torchvision's networks take 224 or
 * 227 pixels, have at most 384 filters, 4096 dense units and 1000 classes, and 61 to 62.4 million parameters
 * (fc6's weight, the largest tensor, holds 37.7 million values; all of them take 244 MB as float32).
 */
public final class SizeLimits {

    /** Input channels of one image (3 for RGB). */
    public static final int MAX_CHANNELS = 16;

    /** Input height or width in pixels (224 or 227 for the real networks). */
    public static final int MAX_INPUT_SIDE = 2048;

    /** The length an image's shorter side is resized to before cropping (256 for a 224 input). */
    public static final int MAX_RESIZE = 4096;

    /** Filters of one convolution (at most 384 in the real networks). */
    public static final int MAX_FILTERS = 4096;

    /** Units of fc6 or fc7 (4096 in the real networks). */
    public static final int MAX_DENSE_UNITS = 65_536;

    /** Classes, the outputs of fc8 (1000 for ImageNet, 21,841 for ImageNet-21k). */
    public static final int MAX_CLASSES = 100_000;

    /**
     * Values in one tensor, 2^28 (1 GiB as float32): seven times fc6's 37.7 million. Applies to a weight
     * file's tensors and to the weights of each layer a configuration describes.
     */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    /**
     * Bytes of one weight file (1 GiB: four times the largest AlexNet's 244 MB, room for a Keras file that
     * also holds an optimizer's state), of the HDF5 file a {@code .keras} archive inflates to, and of all the
     * tensor data read from one file.
     */
    public static final long MAX_WEIGHT_FILE_BYTES = 1L << 30;

    /**
     * Bytes of the pickles in a PyTorch file (1 MiB; the state_dict of a torchvision AlexNet pickles to about
     * 2 KB). Every pickle opcode can create an object, so this bounds what unpickling allocates.
     */
    public static final long MAX_PICKLE_BYTES = 1L << 20;

    private SizeLimits() {}
}
