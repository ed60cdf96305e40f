package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.features.FeatureExtractor;
import io.github.alexnetdjl.features.FeatureFile;
import io.github.alexnetdjl.features.ImageFiles;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a stage's activations for image files, one row per image, for NumPy and pandas. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes the activations of one stage of the network (default fc7, the last",
            "hidden layer) for each image, preprocessed as predict does:",
            "  FILE.npy  a float32 matrix, one row per image   numpy.load(\"FILE.npy\")",
            "  FILE.csv  row,path: the image of each row       pandas.read_csv(\"FILE.csv\")",
            "A convolution stage's maps are flattened channel by channel. A folder",
            "stands for every image file below it. Rows are written as they are",
            "computed; both files appear when complete. An image that cannot be read",
            "is named on stderr and skipped; the others are still written.",
            "Exit status: 0 when every image was written, 1 otherwise.",
            ""
        })
final class FeaturesCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--layer", paramLabel = "STAGE", defaultValue = FeatureExtractor.DEFAULT_STAGE,
            description = "conv1 … conv5, fc6 … fc8 (default: ${DEFAULT-VALUE}).")
    private String layer;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy",
            description = "The matrix to write (replaced whole); the index goes beside it, ending in .csv.")
    private Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Parameters(arity = "1..*", paramLabel = "FOLDER|IMAGE", description = "Images, or folders of images.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        StageOption.check(spec, layer, AlexNetBlock.STAGES);
        List<Path> files = ImageFiles.expand(images);
        PrintWriter stdout = spec.commandLine().getOut();
        try (AlexNet alexnet = AlexNet.load(model, InferenceEngine.pytorch.options(cpu, noFold))) {
            ImageProgressBar progress = new ImageProgressBar(spec.commandLine().getErr(), spec.qualifiedName(),
                    layer + " features", System.console() != null);
            FeatureExtractor extractor = FeatureExtractor.builder().setModel(alexnet).optStage(layer)
                    .optBatchSize(batchSize).build();
            FeatureFile.Summary summary = extractor.write(files, out, progress);
            stdout.printf(Locale.ROOT, "Wrote %d x %d %s features to %s, their images to %s%n", summary.rows(),
                    summary.columns(), layer, summary.matrix(), summary.index());
            stdout.flush();
            return summary.skipped().isEmpty() ? 0 : 1;
        }
    }
}
