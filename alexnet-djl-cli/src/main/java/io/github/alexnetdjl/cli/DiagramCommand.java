package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.diagram.ArchitectureDiagram;
import io.github.alexnetdjl.model.AlexNetSpec;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Draws the network as SVG; the README's picture is made with it. */
@Command(
        name = "diagram",
        mixinStandardHelpOptions = true,
        description = {
            "Draws the network's stages, layers and output shapes as an SVG picture.",
            "The README's docs/alexnet.svg is made with: ./alexnet diagram --out docs/alexnet.svg"
        })
final class DiagramCommand implements Callable<Integer> {

    private static final Map<Variant, String> TITLES =
            Map.of(
                    Variant.SEED, "AlexNet, as the Keras notebook defines it",
                    Variant.PAPER, "AlexNet, as Krizhevsky, Sutskever and Hinton published it (NIPS 2012)",
                    Variant.TORCHVISION, "AlexNet, as torchvision.models.alexnet defines it");

    @Spec private CommandSpec spec;

    @Option(
            names = "--variant",
            defaultValue = "seed",
            converter = SummaryCommand.VariantConverter.class,
            description = "seed (the notebook's, default), paper or torchvision.")
    private Variant variant;

    @Option(names = "--out", description = "Write the SVG to this file (default: standard output).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        String svg = ArchitectureDiagram.svg(TITLES.get(variant), AlexNetSpec.defaults(variant));
        if (out == null) {
            spec.commandLine().getOut().print(svg);
            spec.commandLine().getOut().flush();
            return 0;
        }
        AtomicFiles.writeString(out, svg);
        spec.commandLine().getOut().println("Wrote " + out);
        return 0;
    }
}
