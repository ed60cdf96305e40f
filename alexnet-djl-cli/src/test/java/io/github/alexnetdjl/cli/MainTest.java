package io.github.alexnetdjl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.alexnetdjl.engine.ModelFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CLI end to end, in-process. */
class MainTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void mainJobWithoutArgumentsBuildsTheModelAndRunsAForwardPass() {
        CommandRun result = run();
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("Engine: PyTorch 2.0.1 (DJL 0.25.0)"), result.out());
        // The best device: GPU 0 on a machine with a GPU the engine can use, the CPU elsewhere.
        Device best = ModelFactory.builder().build().chooseDevice().device();
        assertTrue(result.out().contains("Device: " + best + " ("), result.out());
        Matcher forward =
                Pattern.compile("input \\(1, 3, 224, 224\\) -> output \\(1, 1000\\) in [0-9.]+ ms "
                                + "\\(first row sums to (1\\.0000\\d\\d|0\\.9999\\d\\d)\\)")
                        .matcher(result.out());
        assertTrue(forward.find(), result.out());
    }

    @Test
    void keras3SummaryOnAConsoleThatIsNotUtf8IsDrawnInAscii() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), StandardCharsets.US_ASCII, new PrintWriter(err, true),
                "summary", "--cpu", "--style", "keras3");
        assertEquals(0, status, err.toString());
        assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(out.toString()), out.toString());
        assertTrue(out.toString().contains("| alexnet_input (InputLayer)"), out.toString());
    }

    @Test
    void batchSizeIsValidated() {
        CommandRun result = run("summary", "--batch-size", "0", "--cpu");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("--batch-size must be positive, got 0"), result.err());
    }

    @Test
    void helpListsTheSubcommands() {
        CommandRun result = run("--help");
        assertEquals(0, result.status());
        assertTrue(result.out().contains("summary"), result.out());
        assertTrue(result.out().contains("shell"), result.out());
    }

    @Test
    void helpListsEachCommandWithItsFirstSentenceWhole() {
        CommandRun result = run("--help");
        String commands = result.out().substring(result.out().indexOf("Commands:") + "Commands:".length());
        // An entry is its name's line and the indented lines that continue its description.
        Map<String, String> entries = new LinkedHashMap<>();
        String name = null;
        for (String line : commands.strip().lines().toList()) {
            Matcher entry = Pattern.compile("^ {0,3}(\\S+)\\s+(.*)$").matcher(line);
            if (entry.matches()) {
                name = entry.group(1);
                assertEquals(null, entries.put(name, entry.group(2).strip()), commands);
            } else {
                entries.merge(name, line.strip(), (a, b) -> a + " " + b);
            }
        }
        assertTrue(entries.keySet().containsAll(List.of("summary", "train", "evaluate", "bench", "help")), commands);
        entries.forEach((command, description) -> assertTrue(description.endsWith("."), command + ": " + description));
        assertEquals("Trains AlexNet with the paper's recipe on an image folder (one sub-folder per class): SGD with"
                + " momentum 0.9 and weight decay 5e-4, batch 128, learning rate 0.01 divided by 10 on validation"
                + " plateaus, at most 3 times.", entries.get("train"));
    }

    @Test
    void firstSentenceEndsAtAFullStopOutsideParenthesesOrAtAnEmptyLine() {
        assertEquals("One (e.g. this. and that) two.", CommandList.firstSentence("One (e.g. this.", "and that) two.",
                "Three."));
        assertEquals("Version 0.9 here", CommandList.firstSentence("", "Version 0.9 here", "", "Next."));
    }

    @Test
    @Tag("slow")
    void shellRunsTheNotebooksLastCellInJshell() throws Exception {
        CommandRun result = run("shell", "--print-command");
        assertEquals(0, result.status(), result.err());
        List<String> command = new ArrayList<>(result.out().lines().toList());
        assertTrue(command.contains("--class-path"), result.out());
        command.add("-q");
        Process jshell = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = jshell.getOutputStream()) {
            stdin.write(
                    ("var alexnet = AlexNet.build();\n"
                                    + "System.out.println(\"classes=\" + alexnet.getBlock().getNumClasses());\n"
                                    // docs/summary.md's example, as it is written there
                                    + "System.out.println(ModelSummary.builder().optStyle(Style.KERAS3)"
                                    + ".optStages(true).optShowTrainable(true).build()"
                                    + ".format(alexnet.getBlock(), alexnet.getBlock().getInputShape(1)));\n"
                                    + "alexnet.close();\n/exit\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(jshell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jshell.waitFor(120, TimeUnit.SECONDS), output);
        assertTrue(output.contains("classes=1000"), output);
        assertTrue(output.contains("conv1 (Sequential)") && output.contains("Total params: 62,379,752"), output);
    }
}
