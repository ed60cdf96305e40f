package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.translate.TranslateException;
import com.google.gson.Gson;
import io.github.alexnetdjl.AlexNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Classifies images with a trained model: the five most probable classes of each. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the five most probable classes of each image with their",
            "probabilities. With --json, one JSON object per line:",
            "  {\"image\": \"path\", \"top5\": [{\"class\": \"name\", \"probability\": 0.93}, ...]}",
            "An image that cannot be classified (unreadable, not an image, too small",
            "for the crop) is named in one line on stderr and skipped; the others are",
            "still classified.",
            "Exit status: 0 when every image was classified, 1 otherwise.",
            ""
        })
final class PredictCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--json", description = "One JSON object per line.")
    private boolean json;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "pytorch", description = InferenceEngine.HELP)
    private InferenceEngine engine;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to classify.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Gson gson = new Gson();
        int failed = 0;
        try (AlexNet alexnet = AlexNet.load(model, engine.options(cpu, noFold))) {
            for (Path path : images) {
                List<Classifications.Classification> top5;
                try {
                    // Decoded as training and evaluation decode: pipes and devices are refused, truncated JPEGs
                    // warned about.
                    top5 = alexnet.classify(path).topK(5);
                } catch (IOException e) {
                    failed++;
                    err.println(spec.qualifiedName() + ": " + FailureHandler.describe(e));
                    err.flush();
                    continue;
                } catch (TranslateException e) {
                    // The translator's refusal, e.g. an image whose resize is smaller than a non-square crop.
                    failed++;
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    err.println(spec.qualifiedName() + ": " + path + ": "
                            + Objects.requireNonNullElse(cause.getMessage(), cause.toString()));
                    err.flush();
                    continue;
                }
                if (json) {
                    out.println(gson.toJson(jsonLine(path, top5)));
                } else {
                    out.println(path);
                    for (Classifications.Classification c : top5) {
                        out.printf(Locale.ROOT, "  %6.2f%%  %s%n", 100 * c.getProbability(), c.getClassName());
                    }
                }
                out.flush();
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static Map<String, Object> jsonLine(Path path, List<Classifications.Classification> top5) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("image", path.toString());
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Classifications.Classification c : top5) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class", c.getClassName());
            entry.put("probability", c.getProbability());
            classes.add(entry);
        }
        line.put("top5", classes);
        return line;
    }
}
