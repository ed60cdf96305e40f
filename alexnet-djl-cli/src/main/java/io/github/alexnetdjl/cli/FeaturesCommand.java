package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.features.FeatureExtractor;
import io.github.alexnetdjl.features.FeatureFile;
import io.github.alexnetdjl.features.ImageFiles;
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

/** Writes a stage's activations for image files, one row per image, for NumPy and pandas. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a stage's activations for each image, for NumPy and pandas.",
            "The stage is --layer (default fc7, the last hidden layer); images are",
            "preprocessed as predict does:",
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

    @Mixin private FeatureOptions features;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy",
            description = "The matrix to write (replaced whole); the index goes beside it, ending in .csv.")
    private Path out;

    @Parameters(arity = "1..*", paramLabel = "FOLDER|IMAGE", description = "Images, or folders of images.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        features.check(spec);
        List<Path> files = ImageFiles.expand(images);
        PrintWriter stdout = spec.commandLine().getOut();
        try (AlexNet alexnet = features.load()) {
            ImageProgressBar progress = features.progress(spec);
            FeatureExtractor extractor = features.extractor(alexnet);
            FeatureFile.Summary summary = extractor.write(files, out, progress);
            stdout.printf(Locale.ROOT, "Wrote %d x %d %s features to %s, their images to %s%n", summary.rows(),
                    summary.columns(), features.layer(), summary.matrix(), summary.index());
            stdout.flush();
            return summary.skipped().isEmpty() ? 0 : 1;
        }
    }
}
