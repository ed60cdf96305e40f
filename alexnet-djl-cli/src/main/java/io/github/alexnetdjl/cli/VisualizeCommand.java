package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.explain.StagePictures;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.training.FilterGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Draws a convolution stage's filters, or the maps it computes for an image. */
@Command(
        name = "visualize",
        aliases = "visualise",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Draws a convolution stage's filters, or an image's maps at that stage.",
            "Filters: conv1's in colour, as the paper's Figure 3; a later stage's one",
            "row per filter, one grey square per input channel. With an IMAGE, the",
            "maps the stage computes for it instead, one grey square per channel",
            "(black 0, white the largest value).",
            ""
        })
final class VisualizeCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--layer", paramLabel = "STAGE", defaultValue = "conv1",
            description = "conv1 … conv5 (default: ${DEFAULT-VALUE}).")
    private String layer;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The picture to write (replaced whole).")
    private Path out;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "Draw this image's maps instead of the filters.")
    private Path image;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        StageOption.check(spec, layer, StagedNetwork.CONVOLUTION_STAGES);
        try (AlexNet alexnet = AlexNet.load(model, InferenceEngine.pytorch.options(cpu, false))) {
            BufferedImage picture = image == null ? StagePictures.filters(alexnet, layer)
                    : StagePictures.activations(alexnet, image, layer);
            FilterGrid.writePng(picture, out);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Wrote " + out + " (" + (image == null ? layer + "'s filters" : layer + "'s maps of " + image)
                + ")");
        stdout.flush();
        return 0;
    }
}
