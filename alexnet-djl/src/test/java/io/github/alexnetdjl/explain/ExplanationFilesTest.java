package io.github.alexnetdjl.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.features.ImageProgress;
import io.github.alexnetdjl.features.InputImage;
import io.github.alexnetdjl.features.TinyModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explanation pictures per image file, and pictures of a stage's filters and maps. */
class ExplanationFilesTest {

    @TempDir static Path temp;
    static Path model;

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModel.save(temp.resolve("model"), 9);
    }

    @Test
    void eachImageGetsAPictureNamedAfterItAndUnreadableOnesAreSkipped() throws Exception {
        List<Path> images = new ArrayList<>(TinyModel.images(temp.resolve("a"), 2));
        images.add(TinyModel.images(temp.resolve("b"), 1).get(0)); // b/image-00.png: a name a/ has too
        Path broken = temp.resolve("b").resolve("broken.jpg");
        Files.writeString(broken, "no");
        images.add(1, broken);
        Path out = temp.resolve("explained");
        ExplanationFiles.Summary summary;
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            summary = ExplanationFiles.write(alexnet, GradCam.builder().optStage("conv1").build(), images, "ring",
                    out, ImageProgress.NONE);
            assertEquals(List.of(broken), summary.skipped().stream().map(s -> s.path()).toList());
            assertEquals(List.of("image-00-gradcam.png", "image-01-gradcam.png", "image-00-2-gradcam.png"),
                    summary.written().stream().map(w -> w.png().getFileName().toString()).toList());
            for (ExplanationFiles.Written written : summary.written()) {
                assertEquals("ring", written.className());
                double expected = alexnet.classify(written.image()).get("ring").getProbability();
                assertEquals(expected, written.probability(), 1e-5);
                BufferedImage picture = ImageDecoder.read(written.png());
                // 64-pixel crops enlarged 3 times, the image and the heat side by side
                assertEquals(2 * 192 + 4, picture.getWidth());
                assertEquals(192, picture.getHeight());
                BufferedImage crop = InputImage.read(TinyModel.CONFIG, written.image()).picture();
                assertEquals(crop.getRGB(20, 30) & 0xffffff, picture.getRGB(3 * 20 + 1, 3 * 30 + 2) & 0xffffff);
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(3, files.count(), "no temporary files are left");
        }
    }

    @Test
    void theTopClassIsExplainedWithoutAClassAndAnUnknownClassIsRefused() throws Exception {
        Path image = TinyModel.images(temp.resolve("c"), 1).get(0);
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            ExplanationFiles.Summary summary = ExplanationFiles.write(alexnet,
                    OcclusionSensitivity.builder().optWindow(16).optStride(16).build(), List.of(image), null,
                    temp.resolve("top"), ImageProgress.NONE);
            String top = alexnet.classify(image).best().getClassName();
            assertEquals(top, summary.written().get(0).className());
            assertEquals("image-00-occlusion.png", summary.written().get(0).png().getFileName().toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplanationFiles.write(
                    alexnet, GradCam.builder().build(), List.of(image), "dog", temp.resolve("dog"), ImageProgress.NONE));
            assertEquals("class: expected one of the model's classes [circle, cross, ring], got dog", e.getMessage());
            assertTrue(!Files.exists(temp.resolve("dog")), "nothing was created");
        }
    }

    @Test
    void filtersAndMapsAreDrawnOnePerSquare() throws Exception {
        Path image = TinyModel.images(temp.resolve("d"), 1).get(0);
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            // conv1: 4 filters of 3x11x11 in colour, as the trainer draws them, 4 pixels per weight
            NDArray conv1 = alexnet.getBlock().get("conv1").getChildren().get("conv").getParameters().get("weight")
                    .getArray();
            BufferedImage colour = StagePictures.filters(alexnet, "conv1");
            BufferedImage expected = io.github.alexnetdjl.training.FilterGrid.draw(conv1, 4);
            assertEquals(expected.getWidth(), colour.getWidth());
            assertEquals(expected.getRGB(10, 10), colour.getRGB(10, 10));

            // conv2: 8 filters of 4 channels of 5x5, a row each, 2 pixels per weight
            NDArray conv2 = alexnet.getBlock().get("conv2").getChildren().get("conv").getParameters().get("weight")
                    .getArray();
            float[] w = conv2.toFloatArray();
            BufferedImage rows = StagePictures.filters(alexnet, "conv2");
            assertEquals(2 + 4 * (10 + 2), rows.getWidth());
            assertEquals(2 + 8 * (10 + 2), rows.getHeight());
            int filter = 3;
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = filter * 100; i < (filter + 1) * 100; i++) {
                min = Math.min(min, w[i]);
                max = Math.max(max, w[i]);
            }
            // filter 3, input channel 2, weight (1, 4)
            float value = w[filter * 100 + 2 * 25 + 5 + 4];
            int grey = Math.round((value - min) / (max - min) * 255);
            assertEquals(grey * 0x010101, rows.getRGB(2 + 2 * 12 + 4 * 2, 2 + filter * 12 + 1 * 2) & 0xffffff);

            // conv1's maps of an image: 4 maps of 7x7, 5 pixels per value, 2 columns, the largest value white
            BufferedImage maps = StagePictures.activations(alexnet, image, "conv1");
            assertEquals(2 + 2 * (35 + 2), maps.getWidth());
            assertEquals(2 + 2 * (35 + 2), maps.getHeight());
            int white = 0;
            for (int y = 0; y < maps.getHeight(); y++) {
                for (int x = 0; x < maps.getWidth(); x++) {
                    white += (maps.getRGB(x, y) & 0xffffff) == 0xffffff ? 1 : 0;
                }
            }
            assertTrue(white > 2 * maps.getWidth(), "gaps and the largest value are white");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StagePictures.filters(alexnet, "fc6"));
            assertEquals("stage: expected a convolution stage, one of [conv1, conv2, conv3, conv4, conv5], got fc6",
                    e.getMessage());
        }
    }
}
