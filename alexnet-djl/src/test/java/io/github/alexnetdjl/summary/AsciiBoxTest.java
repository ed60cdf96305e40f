package io.github.alexnetdjl.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras 3's table for a console that cannot encode box-drawing characters: rich's ASCII box, character for
 * character where Keras's own table has its heavy-headed one.
 */
class AsciiBoxTest {

    /** rich.box.HEAVY_HEAD to rich.box.ASCII, position by position ({@code rich/box.py}); "…" to "~". */
    private static final Map<Character, Character> RICH_ASCII = Map.ofEntries(
            Map.entry('┏', '+'), Map.entry('━', '-'), Map.entry('┳', '-'), Map.entry('┓', '+'),
            Map.entry('┃', '|'),
            Map.entry('┡', '|'), Map.entry('╇', '+'), Map.entry('┩', '|'),
            Map.entry('│', '|'),
            Map.entry('├', '|'), Map.entry('─', '-'), Map.entry('┼', '+'), Map.entry('┤', '|'),
            Map.entry('└', '+'), Map.entry('┴', '-'), Map.entry('┘', '+'),
            Map.entry('…', '~'));

    private static String toAscii(String keras3) {
        StringBuilder ascii = new StringBuilder();
        keras3.chars().forEach(c -> ascii.append(RICH_ASCII.getOrDefault((char) c, (char) c)));
        return ascii.toString();
    }

    @Test
    void keras3TableIsDrawnInAsciiWhereTheCharsetCannotEncodeTheBox() throws IOException {
        AlexNetBlock block = AlexNetBlock.builder().build();
        Shape input = block.getInputShape(1);
        try (Model model = ModelFactory.builder().optSeed(3).build().newModel("alexnet", block, input)) {
            for (String reference : new String[] {"keras3-default.txt", "keras3-trainable-60.txt"}) {
                String keras = AlexNetSummaryTest.resource(reference);
                ModelSummary.Builder summary = ModelSummary.builder().optStyle(Style.KERAS3);
                if (reference.contains("60")) {
                    summary.optShowTrainable(true).optLineLength(60);
                }
                String ascii = summary.optCharset(StandardCharsets.US_ASCII).build().format(block, input);
                assertEquals(toAscii(keras), ascii, reference);
                assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(ascii), ascii);
                assertTrue(keras.contains("…") == reference.contains("60"), "the narrow case cuts a word");
                for (Charset unicode : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.UTF_16}) {
                    summary.optCharset(unicode);
                    assertEquals(keras, summary.build().format(block, input), reference + " in " + unicode);
                }
            }
        }
    }
}
