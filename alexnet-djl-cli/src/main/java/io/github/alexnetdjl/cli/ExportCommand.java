package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.onnx.OnnxExport;
import io.github.alexnetdjl.weights.WeightExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./alexnet export}: a model directory to an ONNX file, or its parameters to safetensors or npz. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Exports a model directory's network to an ONNX file (opset 13, input",
            "'input' of shape N x C x H x W with a dynamic batch N, output",
            "'probabilities' or, with --logits, 'logits') that ONNX Runtime and other",
            "ONNX tools run with the same outputs. The input is the normalized image,",
            "as the network takes it; the file's metadata holds the resize, mean, std",
            "and class names. All three variants export. See docs/weights.md.",
            "With --format safetensors or npz, writes the parameters as saved, named",
            "by their paths (conv1.conv.weight) or, with --torchvision-keys, for the",
            "torchvision variant, by torchvision's state_dict keys (features.0.weight),",
            "which torchvision.models.alexnet() loads: train it there, bring it back",
            "with ./alexnet import --from torchvision (docs/spark.md).",
            "",
            "Examples:",
            "  ./alexnet export --format onnx --model runs/demo/best --out alexnet.onnx",
            "  ./alexnet export --format safetensors --torchvision-keys --model DIR --out w.safetensors",
            ""
        })
final class ExportCommand implements Callable<Integer> {

    /** The file formats this command writes. */
    enum Format {
        onnx,
        safetensors,
        npz
    }

    @Spec private CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "The file format: onnx, safetensors or npz (the parameters only).")
    private Format format;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced whole).")
    private Path out;

    @Option(names = "--logits", description = "Output fc8's logits instead of the softmax probabilities.")
    private boolean logits;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Option(names = "--torchvision-keys",
            description = "safetensors and npz: name the torchvision variant's parameters by torchvision's keys.")
    private boolean torchvisionKeys;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        if (format != Format.onnx) {
            // The file's extension names the encoding: --out must end in .safetensors or .npz.
            if (!out.getFileName().toString().endsWith("." + format)) {
                throw new IllegalArgumentException("--out " + out + ": expected a ." + format + " file for --format "
                        + format);
            }
            WeightExport.writeModelDirectory(model, out,
                    torchvisionKeys ? WeightExport.Keys.TORCHVISION : WeightExport.Keys.PARAMETER_PATHS);
            spec.commandLine().getOut().println("Wrote " + out + " (" + format + ", parameters named by "
                    + (torchvisionKeys ? "torchvision's keys" : "their paths") + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
        AlexNetBlock.Output output = logits ? AlexNetBlock.Output.LOGITS : AlexNetBlock.Output.SOFTMAX;
        OnnxExport.exportModelDirectory(model, out, output, !noFold);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Wrote " + out + " (ONNX opset " + OnnxExport.OPSET + ", output "
                + OnnxExport.outputName(output) + ")");
        stdout.flush();
        return 0;
    }
}
