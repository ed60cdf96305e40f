package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo dataset: the promised folders and counts, the same bytes for the same seed. */
class SyntheticImagesTest {

    @TempDir Path temp;

    @Test
    void sameSeedSameFilesOtherSeedOtherFiles() throws Exception {
        SyntheticImages generator = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(4, 2).optSize(24).build();
        Path a = generator.generate(temp.resolve("a"));
        Path b = generator.generate(temp.resolve("b"));
        Path c = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(4, 2).optSize(24).optSeed(7).build()
                .generate(temp.resolve("c"));
        ImageFolder train = ImageFolder.scan(a.resolve("train"));
        assertEquals(List.of("checkerboard", "circle", "cross"), train.getClasses());
        assertEquals(12, train.getSamples().size());
        assertEquals(6, ImageFolder.scan(a.resolve("val")).getSamples().size());
        Path file = Path.of("val", "circle", "0001.png");
        assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(c.resolve(file))));
        assertEquals(24, ImageDecoder.read(a.resolve(file)).getWidth());
    }

    @Test
    void replacesItsOwnDatasetButNeverAnotherDirectory() throws Exception {
        SyntheticImages small = SyntheticImages.builder().optNumClasses(3).optImagesPerClass(1, 1).optSize(24).build();
        Path ours = small.generate(temp.resolve("ours"));
        SyntheticImages.builder().optNumClasses(3).optImagesPerClass(2, 1).optSize(24).build().generate(ours);
        assertEquals(6, ImageFolder.scan(ours.resolve("train")).getSamples().size(), "an older dataset is replaced");

        Path users = temp.resolve("users");
        Files.createDirectories(users.resolve("train"));
        Files.writeString(users.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> small.generate(users));
        assertTrue(e.getMessage().contains("is not a synthetic dataset"), e.getMessage());
        assertEquals("mine", Files.readString(users.resolve("notes.txt")));
        assertTrue(Files.isDirectory(users.resolve("train")));
    }
}
