package io.github.alexnetdjl.features;

import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.store.ModelConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An image as the network sees it in prediction ({@link AlexNetTranslator}): the center crop of the resized
 * image, and that crop normalized into the network's input.
 *
 * @param source the file it was read from; null for an image given in memory
 * @param crop the crop, the network's input height and width, RGB
 * @param input the network's input, CHW floats
 */
public record InputImage(Path source, DecodedImage crop, float[] input) {

    /**
     * Preprocesses an image in memory.
     *
     * @param config the model's configuration: input size, resize, normalization
     * @param image the image
     * @return the image as the network sees it
     * @throws IllegalArgumentException if the resized image is smaller than the crop
     */
    public static InputImage of(ModelConfig config, BufferedImage image) {
        DecodedImage crop = AlexNetTranslator.centerCrop(config, image);
        return new InputImage(null, crop, AlexNetTranslator.normalize(config, crop));
    }

    /**
     * Reads and preprocesses an image file (JPEG, PNG, BMP or GIF), decoded as prediction decodes it.
     *
     * @param config the model's configuration: input size, resize, normalization
     * @param file the file
     * @return the image as the network sees it
     * @throws IOException naming the file, when it cannot be read or decoded, or is too small for the crop
     */
    public static InputImage read(ModelConfig config, Path file) throws IOException {
        BufferedImage image = ImageDecoder.read(file);
        DecodedImage crop;
        try {
            crop = AlexNetTranslator.centerCrop(config, image);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return new InputImage(file, crop, AlexNetTranslator.normalize(config, crop));
    }

    /**
     * Returns the crop as a picture, to draw on.
     *
     * @return a new RGB image of the crop's size
     */
    public BufferedImage picture() {
        return picture(crop);
    }

    /**
     * Returns decoded pixels as a picture, to draw on.
     *
     * @param image the pixels
     * @return a new RGB image of the same size
     */
    public static BufferedImage picture(DecodedImage image) {
        BufferedImage picture = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                picture.setRGB(x, y, (image.get(x, y, 0) << 16) | (image.get(x, y, 1) << 8) | image.get(x, y, 2));
            }
        }
        return picture;
    }
}
