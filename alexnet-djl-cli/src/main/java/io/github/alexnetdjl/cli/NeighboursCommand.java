package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.features.FeatureExtractor;
import io.github.alexnetdjl.features.ImageFiles;
import io.github.alexnetdjl.features.NearestNeighbours;
import io.github.alexnetdjl.features.NeighbourGrid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Finds the images of an index nearest to query images by their features, as the paper's Figure 4. */
@Command(
        name = "neighbours",
        aliases = "neighbors",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Finds the images nearest to each query by their features (Figure 4).",
            "For each query image, the images of the index whose features (default",
            "fc7, the last hidden layer) are nearest by Euclidean distance, as in the",
            "paper's Figure 4. Prints each query, then its neighbours nearest first:",
            "  query.jpg",
            "     12.3456  index/cat/017.jpg",
            "With --out, also draws them: one row per query, the query first.",
            "An image that cannot be read is named on stderr and skipped.",
            "Exit status: 0 when every image was read, 1 otherwise.",
            ""
        })
final class NeighboursCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private FeatureOptions features;

    @Option(names = "--index", required = true, paramLabel = "FOLDER|IMAGE", split = ",",
            description = "The images to search: folders (every image below) or files, comma-separated.")
    private List<Path> index;

    @Option(names = "-k", paramLabel = "N", defaultValue = "" + NearestNeighbours.DEFAULT_K,
            description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    private int k;

    @Option(names = "--out", paramLabel = "PNG", description = "Draw the queries and their neighbours here.")
    private Path out;

    @Option(names = "--cell", paramLabel = "PIXELS", defaultValue = "" + NeighbourGrid.MAX_CELL,
            description = "With --out: the side of each picture, never enlarged (default: ${DEFAULT-VALUE}).")
    private int cell;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Query images, or folders of them.")
    private List<Path> queries;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        features.check(spec);
        List<Path> indexFiles = ImageFiles.expand(index);
        List<Path> queryFiles = ImageFiles.expand(queries);
        PrintWriter stdout = spec.commandLine().getOut();
        try (AlexNet alexnet = features.load()) {
            ImageProgressBar progress = features.progress(spec);
            FeatureExtractor extractor = features.extractor(alexnet);
            NearestNeighbours.Result result = NearestNeighbours.builder().setExtractor(extractor).optK(k).build()
                    .search(indexFiles, queryFiles, progress);
            for (NearestNeighbours.Match match : result.matches()) {
                stdout.println(match.query().source());
                for (NearestNeighbours.Neighbour neighbour : match.neighbours()) {
                    stdout.printf(Locale.ROOT, "  %10.4f  %s%n", neighbour.distance(), neighbour.path());
                }
            }
            stdout.flush();
            if (out != null && !result.matches().isEmpty()) {
                NeighbourGrid.write(result.matches(), cell, out);
                spec.commandLine().getErr().println("Drew " + out);
            }
            return result.skipped().isEmpty() ? 0 : 1;
        }
    }
}
