package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./alexnet bench compare}: saved reports side by side in one chart; measures nothing. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Charts saved reports (from --output) side by side, as images per",
            "CPU-second; measures nothing.",
            "",
            "Example:",
            "  ./alexnet bench compare --chart levers.png before=a.json after=b.json"
        })
final class BenchCompareCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--chart", required = true, paramLabel = "PNG", description = "The chart to draw.")
    private Path chart;

    @Parameters(
            arity = "1..*",
            paramLabel = "LABEL=JSON",
            description = "A label for the chart and the report saved by --output, in the chart's order.")
    private Map<String, Path> reports;

    @Override
    public Integer call() throws IOException {
        BenchOptions.refuseParentOptions(spec);
        Map<String, BenchReport> read = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : reports.entrySet()) {
            read.put(entry.getKey(), BenchReport.read(entry.getValue()));
        }
        BenchChart.writeComparison(read, chart);
        spec.commandLine().getOut().println("Wrote " + chart);
        return 0;
    }
}
