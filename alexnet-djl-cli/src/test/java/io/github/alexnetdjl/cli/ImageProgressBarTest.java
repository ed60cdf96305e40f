package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.DecodedImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line of the commands that go through image files, and the lines naming skipped files. */
class ImageProgressBarTest {

    @Test
    void terminalRedrawsInPlaceAndASkippedFileGetsALineOfItsOwn() {
        StringWriter text = new StringWriter();
        ImageProgressBar bar = new ImageProgressBar(new PrintWriter(text), "alexnet features", "fc7 features", true);
        bar.onImages(0, 10);
        bar.onSkipped(new DecodedImages.Skipped(Path.of("x.png"), "cannot decode x.png: not a JPEG, PNG, BMP or GIF image"));
        bar.onImages(10, 10);
        List<String> lines = List.of(text.toString().split("\n"));
        assertEquals(3, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith("\rfc7 features [........................] 0/10  "), lines.get(0));
        assertEquals("alexnet features: cannot decode x.png: not a JPEG, PNG, BMP or GIF image", lines.get(1));
        assertTrue(lines.get(2).matches("\\rfc7 features \\[#{24}\\] 10/10  \\d+ img/s  1 skipped"), lines.get(2));
    }

    @Test
    void logFilesGetTheLastLineOnlyWhenItIsQuick() {
        StringWriter text = new StringWriter();
        ImageProgressBar bar = new ImageProgressBar(new PrintWriter(text), "alexnet explain", "gradcam", false);
        bar.onImages(1, 3);
        bar.onImages(2, 3);
        bar.onImages(3, 3);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(text.toString().startsWith("gradcam [########################] 3/3  "), text.toString());
        assertTrue(!text.toString().contains("\r"));
    }
}
