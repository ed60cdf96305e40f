package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.explain.Explainer;
import io.github.alexnetdjl.explain.ExplanationFiles;
import io.github.alexnetdjl.explain.GradCam;
import io.github.alexnetdjl.explain.OcclusionSensitivity;
import io.github.alexnetdjl.features.ImageFiles;
import io.github.alexnetdjl.features.StagedNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Draws where in each image the evidence for a class lies: Grad-CAM or occlusion sensitivity. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Draws where in each image the evidence for a class lies.",
            "Each picture is the image as the network sees it, and beside it the",
            "heatmap over it (red: much):",
            "  gradcam    the class logit's gradient at a convolution stage (--layer)",
            "  occlusion  how much the class's probability drops when a grey square",
            "             (--window, every --stride pixels) hides each part",
            "The class is the image's top class, or --class. Writes DIR/NAME-METHOD.png",
            "per image and prints: IMAGE -> PNG  (CLASS PROBABILITY). An image that",
            "cannot be read is named on stderr and skipped.",
            "Exit status: 0 when every image was explained, 1 otherwise.",
            ""
        })
final class ExplainCommand implements Callable<Integer> {

    /** The methods, by the names the output files carry. */
    enum Method {
        gradcam,
        occlusion
    }

    @Spec private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "gradcam",
            description = "gradcam (default) or occlusion.")
    private Method method;

    @Option(names = "--class", paramLabel = "NAME", description = "The class to explain (default: each image's top class).")
    private String className;

    @Option(names = "--layer", paramLabel = "STAGE",
            description = "gradcam: the convolution stage, conv1 … conv5 (default: " + GradCam.DEFAULT_STAGE + ").")
    private String layer;

    @Option(names = "--window", paramLabel = "PIXELS",
            description = "occlusion: the square's side in input pixels (default: a seventh of the input, 32 at 224).")
    private Integer window;

    @Option(names = "--stride", paramLabel = "PIXELS",
            description = "occlusion: the step between squares (default: half the window).")
    private Integer stride;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for the pictures.")
    private Path out;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images, or folders of images.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        Explainer explainer = explainer();
        List<Path> files = ImageFiles.expand(images);
        PrintWriter stdout = spec.commandLine().getOut();
        try (AlexNet alexnet = AlexNet.load(model, InferenceEngine.pytorch.options(cpu, noFold))) {
            ImageProgressBar progress = new ImageProgressBar(spec.commandLine().getErr(), spec.qualifiedName(),
                    method.name(), System.console() != null);
            ExplanationFiles.Summary summary = ExplanationFiles.write(alexnet, explainer, files, className, out,
                    progress);
            for (ExplanationFiles.Written written : summary.written()) {
                stdout.printf(Locale.ROOT, "%s -> %s  (%s %.2f%%)%n", written.image(), written.png(),
                        written.className(), 100 * written.probability());
            }
            stdout.flush();
            return summary.skipped().isEmpty() ? 0 : 1;
        }
    }

    /** The explainer the options ask for; an option of the other method is refused rather than ignored. */
    private Explainer explainer() {
        if (method == Method.gradcam) {
            refuse(window != null ? "--window" : stride != null ? "--stride" : null, "occlusion");
            String stage = layer == null ? GradCam.DEFAULT_STAGE : layer;
            StageOption.check(spec, stage, StagedNetwork.CONVOLUTION_STAGES);
            return GradCam.builder().optStage(stage).build();
        }
        refuse(layer != null ? "--layer" : null, "gradcam");
        OcclusionSensitivity.Builder builder = OcclusionSensitivity.builder();
        if (window != null) {
            builder.optWindow(window);
        }
        if (stride != null) {
            builder.optStride(stride);
        }
        return builder.build();
    }

    private void refuse(String option, String itsMethod) {
        if (option != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " applies to --method " + itsMethod + " only");
        }
    }
}
