package io.github.alexnetdjl.inference;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageTransforms;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies DJL {@link Image}s with a model loaded from a {@link ModelDirectory}, preprocessing as in
 * validation: shorter side resized, center crop, per-channel normalization. The model's block ends in
 * softmax, so the output is probabilities.
 *
 * <pre>{@code
 * try (ModelDirectory model = ModelDirectory.load(dir);
 *         Predictor<Image, Classifications> predictor =
 *                 model.getModel().newPredictor(AlexNetTranslator.of(model))) {
 *     Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(path));
 *     result.topK(5);
 * }
 * }</pre>
 */
public final class AlexNetTranslator implements Translator<Image, Classifications> {

    private final ModelConfig config;
    private final List<String> classes;

    private AlexNetTranslator(ModelConfig config, List<String> classes) {
        this.config = config;
        this.classes = classes;
    }

    /**
     * Returns a translator for a loaded model directory.
     *
     * @param model the loaded model
     * @return the translator
     */
    public static AlexNetTranslator of(ModelDirectory model) {
        return new AlexNetTranslator(model.getConfig(), model.getClasses());
    }

    /**
     * Returns a translator for a configuration and class names.
     *
     * @param config the model's configuration (input shape, resize, normalization)
     * @param classes the class names in output order
     * @return the translator
     */
    public static AlexNetTranslator of(ModelConfig config, List<String> classes) {
        return new AlexNetTranslator(config, new ArrayList<>(classes));
    }

    /**
     * Preprocesses a decoded image as validation does: resize, center crop, normalize.
     *
     * @param config the model's configuration
     * @param image the image
     * @return CHW floats
     */
    public static float[] preprocess(ModelConfig config, BufferedImage image) {
        return normalize(config, centerCrop(config, image));
    }

    /**
     * Returns the part of an image the network sees, as validation resizes and crops it: the shorter side
     * resized, the center cropped to the input size.
     *
     * @param config the model's configuration
     * @param image the image
     * @return the crop, the network's input height and width
     * @throws IllegalArgumentException if the resized image is smaller than the crop
     */
    public static DecodedImage centerCrop(ModelConfig config, BufferedImage image) {
        int[] shape = config.getInputShape();
        return ImageDecoder.resizeShorterSide(image, config.getResize(), shape[2], shape[1],
                (w, h) -> ImageTransforms.centerOrigin(w, h, shape[2], shape[1]));
    }

    /**
     * Turns a crop of the network's input size into the network's input: CHW floats, normalized per channel.
     *
     * @param config the model's configuration
     * @param crop the crop, as {@link #centerCrop} returns it
     * @return CHW floats
     */
    public static float[] normalize(ModelConfig config, DecodedImage crop) {
        int[] shape = config.getInputShape();
        float[] chw = ImageTransforms.crop(crop, 0, 0, shape[2], shape[1], false);
        ImageTransforms.normalize(chw, config.getMean(), config.getStd(), shape[1] * shape[2]);
        return chw;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        BufferedImage image = toBufferedImage(input, ctx.getNDManager());
        int[] shape = config.getInputShape();
        NDArray array = ctx.getNDManager()
                .create(FloatBuffer.wrap(preprocess(config, image)), new Shape(shape[0], shape[1], shape[2]));
        return new NDList(array);
    }

    /**
     * Returns the pixels of a DJL image as a {@link BufferedImage}: the image it wraps when it wraps one (DJL's
     * default image factory does), else its pixels copied.
     *
     * @param input the image
     * @param manager the manager of the temporary array a copy goes through
     * @return the image
     */
    public static BufferedImage toBufferedImage(Image input, NDManager manager) {
        if (input.getWrappedImage() instanceof BufferedImage buffered) {
            return buffered;
        }
        try (NDArray hwc = input.toNDArray(manager, Image.Flag.COLOR)) {
            return toBufferedImage(hwc);
        }
    }

    /** An image as DJL's {@code Image.toNDArray} gives it: height, width, RGB, one byte each. */
    static BufferedImage toBufferedImage(NDArray hwc) {
        int h = (int) hwc.getShape().get(0);
        int w = (int) hwc.getShape().get(1);
        byte[] rgb = hwc.toType(DataType.UINT8, false).toByteArray();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) {
            image.setRGB(i % w, i / w, ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff));
        }
        return image;
    }

    /** {@inheritDoc} */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow().toType(DataType.FLOAT32, false);
        return new Classifications(classes, probabilities);
    }

    /** {@inheritDoc} */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
