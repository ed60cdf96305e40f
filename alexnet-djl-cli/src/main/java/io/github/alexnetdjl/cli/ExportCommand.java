package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./alexnet export}: a model directory to an ONNX file. */
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
            "",
            "Example:",
            "  ./alexnet export --format onnx --model runs/demo/best --out alexnet.onnx",
            ""
        })
final class ExportCommand implements Callable<Integer> {

    /** The file formats this command writes. */
    enum Format {
        onnx
    }

    @Spec private CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "onnx", description = "The file format: onnx.")
    private Format format;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced whole).")
    private Path out;

    @Option(names = "--logits", description = "Output fc8's logits instead of the softmax probabilities.")
    private boolean logits;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        AlexNetBlock.Output output = logits ? AlexNetBlock.Output.LOGITS : AlexNetBlock.Output.SOFTMAX;
        OnnxExport.exportModelDirectory(model, out, output, !noFold);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Wrote " + out + " (ONNX opset " + OnnxExport.OPSET + ", output "
                + OnnxExport.outputName(output) + ")");
        stdout.flush();
        return 0;
    }
}
