package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.translate.TranslateException;
import com.google.gson.Gson;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            "Unreadable images are skipped and named in one warning.",
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

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to classify.")
    private List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Gson gson = new Gson();
        List<String> skipped = new ArrayList<>();
        try (ModelDirectory loaded = InferenceModel.load(model, cpu, noFold);
                Predictor<Image, Classifications> predictor =
                        loaded.getModel().newPredictor(AlexNetTranslator.of(loaded))) {
            for (Path path : images) {
                Image image;
                try {
                    image = ImageFactory.getInstance().fromFile(path);
                } catch (IOException | RuntimeException e) {
                    skipped.add(path + " (" + e.getMessage() + ")");
                    continue;
                }
                List<Classifications.Classification> top5 = predictor.predict(image).topK(5);
                if (json) {
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
                    out.println(gson.toJson(line));
                } else {
                    out.println(path);
                    for (Classifications.Classification c : top5) {
                        out.printf(Locale.ROOT, "  %6.2f%%  %s%n", 100 * c.getProbability(), c.getClassName());
                    }
                }
                out.flush();
            }
        } catch (IOException | MalformedModelException | TranslateException | IllegalArgumentException e) {
            err.println("alexnet predict: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (!skipped.isEmpty()) {
            err.println("alexnet predict: skipped " + skipped.size() + " unreadable image(s): " + String.join(", ", skipped));
            err.flush();
        }
        return skipped.size() == images.size() ? 1 : 0;
    }
}
