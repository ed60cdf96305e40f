package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.ModelDirectory.Overwrite;
import io.github.alexnetdjl.weights.ModelImport;
import io.github.alexnetdjl.weights.WeightFormat;
import io.github.alexnetdjl.weights.WeightFormats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./alexnet import}: a Keras or torchvision weight file to a model directory. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Imports weights trained elsewhere into a model directory (parameters,",
            "config.json, classes.txt) that train, evaluate and predict accept. The",
            "network's widths are read from the file; every tensor is checked (shape,",
            "finite values) before anything is written. See docs/weights.md.",
            "",
            "  keras        the notebook's weights: tf.keras 2.x .h5 (save_weights or",
            "               save), Keras 3 .weights.h5 or .keras; seed variant",
            "  torchvision  a torchvision AlexNet state_dict (.pth, zip or legacy",
            "               format, e.g. alexnet-owt-7be5be79.pth); torchvision variant",
            "",
            "DIR must not exist, or be a model directory and --force given; anything",
            "else there is refused and left alone. Files over 1 GiB, or tensors over",
            "2^28 values, are refused (docs/weights.md, Limits).",
            "",
            "Example:",
            "  ./alexnet import --from torchvision alexnet-owt-7be5be79.pth \\",
            "      --out models/torchvision --classes imagenet_classes.txt",
            ""
        })
final class ImportCommand implements Callable<Integer> {

    /** The registered weight formats' names, for the help text and completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return WeightFormats.names().iterator();
        }
    }

    @Spec private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "keras|torchvision", completionCandidates = Formats.class,
            description = "The file's framework.")
    private String from;

    @Parameters(index = "0", paramLabel = "FILE", description = "The weight file.")
    private Path file;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The model directory to write; it must not exist yet (see --force).")
    private Path out;

    @Option(
            names = "--force",
            description = "Replace the model directory already at DIR. Anything at DIR that is not a model"
                    + " directory is refused even so.")
    private boolean force;

    @Option(
            names = "--classes",
            paramLabel = "FILE",
            description = "Class names, one a line, in output order (default: the numbers 0 .. n-1).")
    private Path classes;

    @Option(
            names = "--input-size",
            paramLabel = "HxW",
            defaultValue = "224x224",
            description = "Input height and width the weights were trained for (default: ${DEFAULT-VALUE}).")
    private String inputSize;

    @Option(
            names = "--export",
            paramLabel = "FILE",
            description = "Also write the parameters to FILE.safetensors or FILE.npz. An existing FILE is"
                    + " replaced only if it is empty or of that format.")
    private Path export;

    @Override
    public Integer call() throws IOException {
        int[] hw = parseSize();
        WeightFormat<?> format = parseFormat();
        PrintWriter console = spec.commandLine().getOut();
        ModelImport.Result result;
        try {
            result = ModelImport.builder()
                    .setFormat(format)
                    .setWeights(file)
                    .setOutput(out)
                    .optInputSize(hw[0], hw[1])
                    .optClassesFile(classes)
                    .optOverwrite(force ? Overwrite.MODEL_DIRECTORY : Overwrite.NEVER)
                    .optExport(export)
                    .build()
                    .run();
        } catch (FileAlreadyExistsException e) {
            if (!force && ModelDirectory.isModelDirectory(out)) {
                throw new FileAlreadyExistsException(out.toString(), null,
                        "a model directory is already there; add --force to replace it");
            }
            throw e;
        }
        console.printf(Locale.ROOT, "Imported %d tensors from %s (%s) into %s: variant %s, input %dx%d,"
                + " filters %s, dense %s, %d classes%n", result.tensors(), file, from, out,
                result.config().getVariant(), hw[0], hw[1], Arrays.toString(result.sizes().filters()),
                Arrays.toString(result.sizes().denseUnits()), result.sizes().numClasses());
        if (export != null) {
            console.printf(Locale.ROOT, "Exported the parameters to %s%n", export);
        }
        console.flush();
        return 0;
    }

    private WeightFormat<?> parseFormat() {
        try {
            return WeightFormats.named(from);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--from: expected one of " + WeightFormats.names() + ", got '" + from + "'");
        }
    }

    private int[] parseSize() {
        String[] parts = inputSize.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int h = Integer.parseInt(parts[0].trim());
                int w = Integer.parseInt(parts[1].trim());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "--input-size: expected HEIGHTxWIDTH such as 224x224, got '" + inputSize + "'");
    }
}
