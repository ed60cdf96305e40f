package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.features.TinyModel;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./alexnet features} and {@code ./alexnet neighbours} over a folder of images. */
class FeaturesCommandTest {

    @TempDir static Path temp;
    static Path model;
    static Path folder;
    static List<Path> top;
    static List<Path> more;
    static List<Path> images;
    static Path broken;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModel.save(temp.resolve("model"), 5);
        folder = temp.resolve("photos");
        top = TinyModel.images(folder, 3);
        more = TinyModel.images(folder.resolve("more"), 2);
        images = new ArrayList<>(top);
        images.addAll(more);
        broken = folder.resolve("broken.png");
        Files.writeString(broken, "not a picture");
        TinyModel.images(folder.resolve(".hidden"), 1);
        images.add(broken);
        images.sort(null);
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void featuresOfAFolderAreOneRowPerReadableImageWithTheUnreadableOneNamed() throws Exception {
        Path npy = temp.resolve("features").resolve("fc6.npy");
        assertEquals(1, run("features", "--model", model.toString(), "--layer", "fc6", "--out", npy.toString(),
                folder.toString()), err.toString());
        Path csv = temp.resolve("features").resolve("fc6.csv");
        assertEquals("Wrote 5 x 16 fc6 features to " + npy + ", their images to " + csv, out.toString().trim());
        assertTrue(err.toString().contains("alexnet features: cannot decode " + broken), err.toString());
        assertTrue(err.toString().contains("fc6 features [########################] 6/6"), err.toString());

        byte[] bytes = Files.readAllBytes(npy);
        int header = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertTrue(new String(bytes, 10, header).contains("'shape': (5, 16)"));
        assertEquals(10 + header + 5 * 16 * 4, bytes.length);
        List<String> expected = new ArrayList<>(List.of("row,path"));
        int row = 0;
        for (Path image : images) {
            if (!image.equals(broken)) {
                expected.add(row++ + "," + image);
            }
        }
        assertEquals(expected, Files.readAllLines(csv), "every image below the folder, hidden ones left out");
    }

    @Test
    void anUnknownStageOrAFileNameWithoutNpyIsOneLine() {
        assertEquals(2, run("features", "--model", model.toString(), "--layer", "fc9", "--out", "x.npy",
                folder.toString()));
        assertTrue(err.toString().startsWith("Invalid value for option '--layer': expected one of [conv1, conv2, conv3,"
                + " conv4, conv5, fc6, fc7, fc8] but was 'fc9'"), err.toString());
        err.getBuffer().setLength(0);
        Path bad = temp.resolve("bad").resolve("features.txt");
        assertEquals(1, run("features", "--model", model.toString(), "--out", bad.toString(), folder.toString()));
        assertEquals("alexnet features: feature file: expected a name ending in .npy, got " + bad,
                err.toString().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertFalse(Files.exists(bad.getParent()));
    }

    @Test
    void neighboursPrintEachQueryWithItsNearestAndDrawTheGrid() throws Exception {
        Path png = temp.resolve("grid.png");
        Path query = top.get(1);
        assertEquals(0, run("neighbours", "--model", model.toString(), "--index", folder.resolve("more") + ","
                + top.get(0), "-k", "2", "--out", png.toString(), query.toString()), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        assertEquals(query.toString(), lines.get(0));
        double previous = 0;
        for (String line : lines.subList(1, 3)) {
            assertTrue(line.matches(" +\\d+\\.\\d{4}  .+"), line);
            String[] parts = line.strip().split("  ", 2);
            double distance = Double.parseDouble(parts[0]);
            assertTrue(distance >= previous, "nearest first: " + out);
            assertTrue(List.of(more.get(0), more.get(1), top.get(0)).contains(Path.of(parts[1])), line);
            previous = distance;
        }
        BufferedImage grid = ImageDecoder.read(png);
        assertEquals(4 + 64 + 16 + 2 * 68, grid.getWidth());
        assertEquals(4 + 68, grid.getHeight());

        out.getBuffer().setLength(0);
        assertEquals(0, run("neighbours", "--model", model.toString(), "--index", folder.resolve("more").toString(),
                "-k", "1", more.get(0).toString()), err.toString());
        assertEquals(List.of(more.get(0).toString(), "      0.0000  " + more.get(0)), out.toString().lines().toList(),
                "an indexed image is its own nearest neighbour");
    }
}
