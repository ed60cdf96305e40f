package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.features.ImageProgress;
import io.github.alexnetdjl.features.InputImage;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.training.FilterGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Explains image files and draws each explanation as a PNG ({@link HeatmapPicture}): what {@code ./alexnet
 * explain} does. Each image is preprocessed as prediction preprocesses it, and the class explained is the one
 * asked for or the image's top class.
 *
 * <pre>{@code
 * try (AlexNet alexnet = AlexNet.load(Path.of("runs/mine/best"))) {
 *     ExplanationFiles.Summary summary = ExplanationFiles.write(alexnet, GradCam.builder().build(),
 *             List.of(Path.of("cat.jpg")), null, Path.of("explained"), ImageProgress.NONE);
 *     // explained/cat-gradcam.png
 * }
 * }</pre>
 */
public final class ExplanationFiles {

    /**
     * One image explained.
     *
     * @param image the image file
     * @param png the picture written
     * @param className the class explained
     * @param probability the network's probability for that class
     */
    public record Written(Path image, Path png, String className, double probability) {}

    /**
     * What was written.
     *
     * @param written the images explained, in order
     * @param skipped the files that could not be used, in order
     */
    public record Summary(List<Written> written, List<DecodedImages.Skipped> skipped) {}

    private ExplanationFiles() {}

    /**
     * Explains each image and writes its picture into a folder, as {@code NAME-METHOD.png} after the image's
     * file name ({@code NAME-2-METHOD.png} and so on when two images have one name). Each picture is written
     * under a temporary name and renamed when complete; nothing else in the folder is touched. A file that
     * cannot be used (unreadable, not an image, too small for the crop) is skipped and reported to {@code
     * progress}; the others are still explained.
     *
     * @param alexnet a loaded model
     * @param explainer how to explain
     * @param images the image files
     * @param className the class to explain, or null for each image's top class
     * @param folder the folder for the pictures, created if missing
     * @param progress hears of each image and each skipped file
     * @return the pictures written and the files skipped
     * @throws IOException if a picture cannot be written
     * @throws IllegalArgumentException if the class is not one of the model's
     * @throws IllegalStateException if the model was built rather than loaded, so has no classes
     */
    public static Summary write(AlexNet alexnet, Explainer explainer, List<Path> images, String className, Path folder,
            ImageProgress progress) throws IOException {
        List<String> classes = alexnet.getModelDirectory().getClasses();
        int classIndex = className == null ? -1 : classes.indexOf(className);
        if (className != null && classIndex < 0) {
            throw new IllegalArgumentException("class: expected one of the model's classes " + classes + ", got "
                    + className);
        }
        ModelConfig config = alexnet.getModelDirectory().getConfig();
        StagedNetwork network = StagedNetwork.of(alexnet);
        Files.createDirectories(folder);
        List<Written> written = new ArrayList<>();
        List<DecodedImages.Skipped> skipped = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (NDManager manager = NDManager.newBaseManager(network.getDevice(), ModelFactory.ENGINE)) {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                InputImage input;
                try {
                    input = InputImage.read(config, file);
                } catch (IOException e) {
                    DecodedImages.Skipped skip = new DecodedImages.Skipped(file, e.getMessage());
                    skipped.add(skip);
                    progress.onSkipped(skip);
                    progress.onImages(i + 1, images.size());
                    continue;
                }
                try (NDManager scope = manager.newSubManager()) {
                    int[] shape = config.getInputShape();
                    NDArray x = scope.create(input.input(), new Shape(1, shape[0], shape[1], shape[2]));
                    Heatmap heatmap = explainer.explain(network, x, classIndex);
                    double probability = network.logits(x).softmax(1).getFloat(0, heatmap.getClassIndex());
                    Path png = folder.resolve(uniqueName(file, explainer.getName(), names));
                    FilterGrid.writePng(HeatmapPicture.draw(input.picture(), heatmap), png);
                    written.add(new Written(file, png, classes.get(heatmap.getClassIndex()), probability));
                }
                progress.onImages(i + 1, images.size());
            }
        }
        return new Summary(List.copyOf(written), List.copyOf(skipped));
    }

    /** {@code NAME-METHOD.png} after the image's name without its extension, numbered when taken in this run. */
    private static String uniqueName(Path image, String method, Set<String> taken) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String candidate = stem + "-" + method + ".png";
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = stem + "-" + n + "-" + method + ".png";
        }
        return candidate;
    }
}
