package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.summary.ModelSummary;
import io.github.alexnetdjl.summary.Style;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The summary options of the CLI give the printer the library's builder would give. */
class SummaryOptionsTest {

    private static final Shape INPUT = new Shape(1, 6);
    private static SequentialBlock block;
    private static Model model;

    @Command(name = "probe")
    static final class Probe {
        @Mixin SummaryOptions options;
    }

    @BeforeAll
    static void build() {
        block = new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(new ReLU());
        model = ModelFactory.builder().optSeed(2).build().newModel("probe", block, INPUT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static String summarize(String... args) {
        return summarize(StandardCharsets.UTF_8, args);
    }

    private static String summarize(Charset charset, String... args) {
        Probe probe = new Probe();
        CommandLine commandLine = new CommandLine(probe);
        commandLine.parseArgs(args);
        return probe.options.build(commandLine, charset).format(block, INPUT);
    }

    @Test
    void optionsMapOntoTheBuilder() {
        assertEquals(
                ModelSummary.builder().optName("alexnet").build().format(block, INPUT), summarize());
        assertEquals(
                ModelSummary.builder()
                        .optName("alexnet")
                        .optStyle(Style.KERAS3)
                        .optLineLength(70)
                        .optStages(true)
                        .optShowTrainable(true)
                        .build()
                        .format(block, INPUT),
                summarize("--style", "KERAS3", "--line-length", "70", "--stages", "--show-trainable"));
        assertTrue(summarize("--style", "keras3").contains("┏"));
        String ascii = summarize(StandardCharsets.US_ASCII, "--style", "keras3");
        assertEquals(ModelSummary.builder().optName("alexnet").optStyle(Style.KERAS3)
                .optCharset(StandardCharsets.US_ASCII).build().format(block, INPUT), ascii);
        assertTrue(ascii.startsWith("Model: \"alexnet\"\n+---") && !ascii.contains("┏"), ascii);
    }

    @Test
    void badValuesAreParameterErrorsNamingTheProblem() {
        CommandLine.ParameterException style =
                assertThrows(CommandLine.ParameterException.class, () -> summarize("--style", "keras4"));
        assertTrue(style.getMessage().contains("keras2 or keras3"), style.getMessage());
        CommandLine.ParameterException narrow =
                assertThrows(CommandLine.ParameterException.class, () -> summarize("--line-length", "5"));
        assertTrue(narrow.getMessage().contains("line length 5"), narrow.getMessage());
    }
}
