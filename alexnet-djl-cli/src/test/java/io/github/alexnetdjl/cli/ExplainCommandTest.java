package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.features.TinyModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./alexnet explain} and {@code ./alexnet visualize} write their pictures and say so. */
class ExplainCommandTest {

    @TempDir static Path temp;
    static Path model;
    static List<Path> images;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModel.save(temp.resolve("model"), 8);
        images = TinyModel.images(temp.resolve("photos"), 2);
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void explainWritesOnePicturePerImageAndNamesTheUnreadableOne() throws Exception {
        Path broken = temp.resolve("broken.png");
        Files.writeString(broken, "?");
        Path dir = temp.resolve("gradcam");
        assertEquals(1, run("explain", "--model", model.toString(), "--layer", "conv1", "--out", dir.toString(),
                images.get(0).toString(), broken.toString(), images.get(1).toString()));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        for (int i = 0; i < 2; i++) {
            Path png = dir.resolve("image-0" + i + "-gradcam.png");
            assertTrue(lines.get(i).matches("\\Q" + images.get(i) + " -> " + png + "  (\\E(circle|cross|ring) \\d+\\.\\d\\d%\\)"),
                    lines.get(i));
            assertEquals(2 * 192 + 4, ImageDecoder.read(png).getWidth());
        }
        assertTrue(err.toString().contains("alexnet explain: cannot decode " + broken), err.toString());
    }

    @Test
    void occlusionExplainsTheClassAskedFor() {
        Path dir = temp.resolve("occlusion");
        assertEquals(0, run("explain", "--model", model.toString(), "--method", "occlusion", "--window", "16",
                "--stride", "16", "--class", "cross", "--out", dir.toString(), images.get(0).toString()), err.toString());
        assertTrue(out.toString().startsWith(images.get(0) + " -> " + dir.resolve("image-00-occlusion.png") + "  (cross "),
                out.toString());
    }

    @Test
    void optionsOfTheOtherMethodAndNonConvolutionStagesAreRefused() {
        assertEquals(2, run("explain", "--model", model.toString(), "--window", "8", "--out", "x",
                images.get(0).toString()));
        assertTrue(err.toString().startsWith("--window applies to --method occlusion only"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("explain", "--model", model.toString(), "--layer", "fc7", "--out", "x",
                images.get(0).toString()));
        assertTrue(err.toString().startsWith("Invalid value for option '--layer': expected one of [conv1, conv2, conv3,"
                + " conv4, conv5] but was 'fc7'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("explain", "--model", model.toString(), "--class", "dog", "--out",
                temp.resolve("dog").toString(), images.get(0).toString()));
        assertEquals("alexnet explain: class: expected one of the model's classes [circle, cross, ring], got dog",
                err.toString().strip());
    }

    @Test
    void visualizeDrawsFiltersOrAnImagesMaps() throws Exception {
        Path filters = temp.resolve("filters.png");
        assertEquals(0, run("visualize", "--model", model.toString(), "--out", filters.toString()), err.toString());
        assertEquals("Wrote " + filters + " (conv1's filters)", out.toString().strip());
        assertTrue(ImageDecoder.read(filters).getWidth() > 0);
        out.getBuffer().setLength(0);
        Path maps = temp.resolve("maps.png");
        assertEquals(0, run("visualize", "--model", model.toString(), "--layer", "conv2", "--out", maps.toString(),
                images.get(1).toString()), err.toString());
        assertEquals("Wrote " + maps + " (conv2's maps of " + images.get(1) + ")", out.toString().strip());
        // conv2 of a 64x64 input: 8 maps of 3x3, 11 pixels a value, 3 columns and 3 rows
        assertEquals(2 + 3 * (33 + 2), ImageDecoder.read(maps).getWidth());
    }
}
