package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders: bad files skipped and named, bad folders one clear error. */
class DecodedImagesTest {

    @TempDir Path temp;

    private static void png(Path file, int w, int h, int rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void corruptFileIsSkippedAndReported() throws IOException {
        png(temp.resolve("a/1.png"), 40, 30, 0xff0000);
        png(temp.resolve("a/2.png"), 30, 40, 0x00ff00);
        png(temp.resolve("b/1.png"), 50, 50, 0x0000ff);
        Files.write(temp.resolve("b/broken.jpg"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(temp.resolve("b/notes.txt"), "not an image, not listed");
        ImageFolder folder = ImageFolder.scan(temp);
        assertEquals(List.of("a", "b"), folder.getClasses());
        assertEquals(4, folder.getSamples().size());

        DecodedImages images = DecodedImages.decode(folder, 20, 16);
        assertEquals(3, images.size());
        assertEquals(1, images.getSkipped().size());
        assertEquals(temp.resolve("b/broken.jpg"), images.getSkipped().get(0).path());
        assertTrue(images.getSkipped().get(0).reason().contains("broken.jpg"));
        // Shorter side resized to 20, the longer one truncated as torchvision's Resize does: 40x30 -> 26x20
        // (26.7), 30x40 -> 20x26.
        assertEquals(26, images.get(0).width());
        assertEquals(20, images.get(0).height());
        assertEquals(20, images.get(1).width());
        assertEquals(26, images.get(1).height());
        assertEquals(255, images.get(0).get(5, 5, 0));
        assertEquals(0, images.get(0).get(5, 5, 1));
        assertEquals(List.of(0, 0, 1), List.of(images.label(0), images.label(1), images.label(2)));

        // Not cached: the up-front pass only checks the files; the same ones are kept and skipped, and the
        // images decode to the same pixels when asked for.
        DecodedImages uncached = DecodedImages.decode(folder, 20, 16, false);
        assertEquals(images.getSamples(), uncached.getSamples());
        assertEquals(images.getSkipped(), uncached.getSkipped());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(images.get(i).rgb(), uncached.get(i).rgb(), "image " + i);
        }
    }

    @Test
    void tooSmallImagesAreOneErrorNamingThem() throws IOException {
        png(temp.resolve("a/big.png"), 64, 64, 0);
        png(temp.resolve("a/tiny.png"), 10, 64, 0);
        for (boolean keep : new boolean[] {true, false}) {
            IOException e = assertThrows(IOException.class,
                    () -> DecodedImages.decode(ImageFolder.scan(temp), 73, 64, keep));
            assertEquals("1 image(s) in " + temp + " are smaller than the 64 pixels the network's input needs on the"
                    + " shorter side (remove them, or use a smaller input size): " + temp.resolve("a/tiny.png")
                    + " (10x64)", e.getMessage());
        }
        for (int i = 0; i < 6; i++) {
            png(temp.resolve("a/tiny-" + i + ".png"), 64, 9, 0);
        }
        String many = assertThrows(IOException.class,
                () -> DecodedImages.decode(ImageFolder.scan(temp), 73, 64, true)).getMessage();
        assertEquals(1, many.lines().count(), "an error is one line however many files it names: " + many);
        assertTrue(many.startsWith("7 image(s) in ") && many.endsWith(" (64x9) and 2 more"), many);
    }

    @Test
    void missingEmptyAndImagelessFoldersAreClearErrors() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> ImageFolder.scan(temp.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IOException empty = assertThrows(IOException.class, () -> ImageFolder.scan(temp));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        png(temp.resolve("cat/1.png"), 20, 20, 0);
        Files.createDirectories(temp.resolve("dog"));
        Files.writeString(temp.resolve("dog/readme.txt"), "x");
        IOException noImages = assertThrows(IOException.class, () -> ImageFolder.scan(temp));
        assertTrue(noImages.getMessage().contains("[dog]"), noImages.getMessage());
    }

    @Test
    void splitIsSeededAndPerClass() throws IOException {
        for (int i = 0; i < 10; i++) {
            png(temp.resolve("a/" + i + ".png"), 8, 8, 0);
            png(temp.resolve("b/" + i + ".png"), 8, 8, 0);
        }
        ImageFolder folder = ImageFolder.scan(temp);
        ImageFolder[] parts = folder.split(0.2, 7);
        assertEquals(16, parts[0].getSamples().size());
        assertEquals(4, parts[1].getSamples().size());
        assertEquals(2, parts[1].getSamples().stream().filter(s -> s.label() == 1).count());
        assertEquals(parts[1].getSamples(), folder.split(0.2, 7)[1].getSamples());

        png(temp.resolve("c/only.png"), 8, 8, 0);
        IllegalArgumentException lonely = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.scan(temp).split(0.2, 7));
        assertEquals("class 'c' has 1 image(s); a split needs at least 2 per class (or a separate validation folder)",
                lonely.getMessage(), "the library speaks of folders, not of command-line options");
    }
}
