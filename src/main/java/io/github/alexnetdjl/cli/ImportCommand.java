package io.github.alexnetdjl.cli;

import ai.djl.Device;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.weights.ImportedSizes;
import io.github.alexnetdjl.weights.KerasLayerWeights;
import io.github.alexnetdjl.weights.KerasMapping;
import io.github.alexnetdjl.weights.KerasWeightsFile;
import io.github.alexnetdjl.weights.ParameterLoader;
import io.github.alexnetdjl.weights.TorchStateDict;
import io.github.alexnetdjl.weights.TorchvisionMapping;
import io.github.alexnetdjl.weights.WeightExport;
import io.github.alexnetdjl.weights.WeightFormatException;
import io.github.alexnetdjl.weights.WeightTensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
            "network's widths are read from the file; every tensor is checked before",
            "anything is written. See docs/weights.md.",
            "",
            "  keras        the notebook's weights: tf.keras 2.x .h5 (save_weights or",
            "               save), Keras 3 .weights.h5 or .keras; seed variant",
            "  torchvision  a torchvision AlexNet state_dict (.pth, zip or legacy",
            "               format, e.g. alexnet-owt-7be5be79.pth); torchvision variant",
            "",
            "Example:",
            "  ./alexnet import --from torchvision alexnet-owt-7be5be79.pth \\",
            "      --out models/torchvision --classes imagenet_classes.txt",
            ""
        })
final class ImportCommand implements Callable<Integer> {

    /** Where the weights come from. */
    enum Source {
        keras,
        torchvision
    }

    @Spec private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "keras|torchvision", description = "The file's framework.")
    private Source from;

    @Parameters(index = "0", paramLabel = "FILE", description = "The weight file.")
    private Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    private Path out;

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
            description = "Also write the parameters to FILE.safetensors or FILE.npz.")
    private Path export;

    @Override
    public Integer call() throws IOException {
        int[] hw = parseSize();
        if (export != null) {
            WeightExport.encoding(export);
        }
        PrintWriter console = spec.commandLine().getOut();
        try {
            ModelConfig config;
            Map<String, WeightTensor> parameters;
            ModelConfig.Builder builder = ModelConfig.builder().optInputShape(3, hw[0], hw[1]);
            List<KerasLayerWeights> kerasLayers = null;
            ImportedSizes sizes;
            if (from == Source.keras) {
                kerasLayers = KerasWeightsFile.read(file);
                sizes = ImportedSizes.keras(kerasLayers);
                // The notebook feeds pixels scaled to [0, 1], no per-channel normalization.
                builder.optVariant("seed").optBatchNorm(sizes.batchNorm())
                        .optNormalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
                parameters = null;
            } else {
                Map<String, WeightTensor> stateDict = TorchStateDict.read(file);
                sizes = ImportedSizes.torchvision(stateDict);
                builder.optVariant("torchvision");
                parameters = TorchvisionMapping.toParameters(stateDict);
            }
            config = builder.optFilters(sizes.filters())
                    .optDenseUnits(sizes.denseUnits()[0], sizes.denseUnits()[1])
                    .optNumClasses(sizes.numClasses())
                    .build();
            List<String> names = classNames(sizes.numClasses());
            ModelFactory factory = ModelFactory.builder().optDevice(Device.cpu()).build();
            try (AlexNet alexnet = AlexNet.build(config.newBlock(), factory)) {
                if (parameters == null) {
                    parameters = KerasMapping.toParameters(kerasLayers, alexnet.getBlock());
                }
                ParameterLoader.load(alexnet.getBlock(), parameters);
                ModelDirectory.save(out, alexnet.getBlock(), config, names);
                if (export != null) {
                    WeightExport.write(alexnet.getBlock(), export);
                }
            }
            console.printf(Locale.ROOT, "Imported %d tensors from %s (%s) into %s: variant %s, input %dx%d,"
                    + " filters %s, dense %s, %d classes%n", parameters.size(), file, from, out,
                    config.getVariant(), hw[0], hw[1], java.util.Arrays.toString(sizes.filters()),
                    java.util.Arrays.toString(sizes.denseUnits()), sizes.numClasses());
            if (export != null) {
                console.printf(Locale.ROOT, "Exported the parameters to %s%n", export);
            }
            console.flush();
            return 0;
        } catch (WeightFormatException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("alexnet import: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
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

    private List<String> classNames(int count) throws IOException {
        if (classes == null) {
            return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.toList());
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(classes, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != count) {
            throw new IllegalArgumentException(
                    classes + ": " + names.size() + " class names, but the weights have " + count + " outputs");
        }
        return names;
    }
}
