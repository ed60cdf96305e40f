package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.inference.ModelEvaluation;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measures a trained model's top-1 and top-5 error on an image folder. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints a trained model's top-1 and top-5 error on an image folder (one",
            "sub-folder per class, the model's classes), with the center crop or, with",
            "--ten-crop, the softmax of the paper's ten crops averaged.",
            ""
        })
final class EvaluateCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory, e.g. the best/ of a training run.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Image folder to evaluate on.")
    private Path data;

    @Option(names = "--ten-crop", description = "Average the four corner and center crops and their mirror images.")
    private boolean tenCrop;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "pytorch", description = InferenceEngine.HELP)
    private InferenceEngine engine;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        PrintWriter out = spec.commandLine().getOut();
        ImageFolder folder = ImageFolder.scan(data);
        var config = ModelDirectory.readConfig(model);
        int[] shape = config.getInputShape();
        DecodedImages images = DecodedImages.decode(folder, config.getResize(), Math.min(shape[1], shape[2]));
        try (AlexNet alexnet = AlexNet.load(model, engine.options(cpu, noFold))) {
            ModelEvaluation.Result r =
                    ModelEvaluation.evaluate(alexnet.getModelDirectory(), alexnet.getModel(), images, tenCrop, batchSize);
            out.printf(Locale.ROOT, "Images:      %d (%s)%n", r.images(), tenCrop ? "10 crops each" : "center crop");
            out.printf(Locale.ROOT, "Top-1 error: %.2f%%%n", 100 * r.top1Error());
            out.printf(Locale.ROOT, "Top-5 error: %.2f%%%n", 100 * r.top5Error());
            if (!images.getSkipped().isEmpty()) {
                out.printf("Skipped:     %d unreadable file(s)%n", images.getSkipped().size());
            }
        }
        out.flush();
        return 0;
    }
}
