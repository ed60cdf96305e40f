package io.github.alexnetdjl.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.cli.Main;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.training.ClassifierTrainer;
import io.github.alexnetdjl.training.EpochMetrics;
import io.github.alexnetdjl.training.TrainingOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A short run on synthetic shapes learns; its best model evaluates and predicts consistently. */
@Tag("slow")
class TrainEvaluatePredictTest {

    @TempDir static Path temp;
    static Path valDir;
    static Path best;
    static List<EpochMetrics> history;
    static DecodedImages val;

    @BeforeAll
    static void train() throws Exception {
        Path root = SyntheticImages.builder().optNumClasses(4).optImagesPerClass(30, 10).optSize(72).build()
                .generate(temp.resolve("data"));
        valDir = root.resolve("val");
        ModelConfig config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(4)
                .optFilters(16, 24, 32, 32, 24).optDenseUnits(64, 64).optDropout(0f).build();
        DecodedImages train = DecodedImages.decode(ImageFolder.scan(root.resolve("train")), config.getResize(), 64);
        val = DecodedImages.decode(ImageFolder.scan(valDir), config.getResize(), 64);
        TrainingOptions options = TrainingOptions.builder().optEpochs(6).optBatchSize(16).optLearningRate(0.05f)
                .optDevice(Device.cpu()).optSeed(3).build();
        Path out = temp.resolve("run");
        history = ClassifierTrainer.builder().setConfig(config).setData(train, val).setOutput(out)
                .optOptions(options).build().fit();
        best = out.resolve(ClassifierTrainer.BEST);
    }

    @Test
    void accuracyRisesFarAboveChance() {
        double bestAccuracy = history.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElseThrow();
        assertTrue(bestAccuracy >= 0.7, "chance is 0.25; history " + history);
        assertTrue(history.get(history.size() - 1).trainLoss() < history.get(0).trainLoss(), history.toString());
    }

    @Test
    void centerCropEvaluationMatchesTheBestEpochsValidation() throws Exception {
        double bestAccuracy = history.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElseThrow();
        try (ModelDirectory model = ModelDirectory.load(best, Device.cpu())) {
            ModelEvaluation.Result center = ModelEvaluation.evaluate(model, val, false, 7);
            assertEquals(40, center.images());
            assertEquals(1 - bestAccuracy, center.top1Error(), 1e-9);
            assertEquals(0.0, center.top5Error(), "4 classes: the true class is always among the top 5");
            ModelEvaluation.Result ten = ModelEvaluation.evaluate(model, val, true, 7);
            assertEquals(40, ten.images());
            assertTrue(ten.top1Error() < 0.5, "ten crops far above chance: " + ten);
        }
    }

    @Test
    void predictorAgreesWithTheNetworkOnThePreprocessedImage() throws Exception {
        Path file = valDir.resolve("circle/0000.png");
        try (ModelDirectory model = ModelDirectory.load(best, Device.cpu());
                Predictor<Image, Classifications> predictor = model.getModel().newPredictor(AlexNetTranslator.of(model));
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(file));
            List<Classifications.Classification> all = result.topK(10);
            assertEquals(4, all.size());
            assertEquals(1.0, all.stream().mapToDouble(Classifications.Classification::getProbability).sum(), 1e-5);

            float[] chw = AlexNetTranslator.preprocess(model.getConfig(), ImageDecoder.read(file));
            NDArray x = manager.create(FloatBuffer.wrap(chw), new Shape(1, 3, 64, 64));
            float[] p = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            for (Classifications.Classification c : all) {
                int index = model.getClasses().indexOf(c.getClassName());
                assertEquals(p[index], c.getProbability(), 1e-5, c.getClassName());
            }
        }
    }

    @Test
    void predictCommandWritesJsonLinesAndNamesUnreadableImages() throws Exception {
        Path broken = temp.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("predict", "--cpu", "--json", "--model", best.toString(),
                        valDir.resolve("cross/0001.png").toString(), broken.toString(),
                        valDir.resolve("circle/0002.png").toString());
        assertEquals(1, status, "one image failed: " + err);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        JsonObject first = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(valDir.resolve("cross/0001.png").toString(), first.get("image").getAsString());
        JsonArray top5 = first.getAsJsonArray("top5");
        assertEquals(4, top5.size());
        double previous = 1;
        for (var entry : top5) {
            double probability = entry.getAsJsonObject().get("probability").getAsDouble();
            assertTrue(probability <= previous, "sorted by probability");
            previous = probability;
            assertTrue(List.of("checkerboard", "circle", "cross", "ring")
                    .contains(entry.getAsJsonObject().get("class").getAsString()));
        }
        assertEquals("alexnet predict: cannot decode " + broken + ": not a JPEG, PNG, BMP or GIF image",
                err.toString().strip());
    }

    @Test
    void predictFoldsBatchNormByDefaultWithoutChangingTheProbabilities() {
        String image = valDir.resolve("ring/0003.png").toString();
        Map<String, Double> folded = top5(predictJson("predict", "--cpu", "--json", "--model", best.toString(), image));
        Map<String, Double> unfolded =
                top5(predictJson("predict", "--cpu", "--json", "--no-fold", "--model", best.toString(), image));
        assertEquals(unfolded.keySet(), folded.keySet());
        for (String name : unfolded.keySet()) {
            assertEquals(unfolded.get(name), folded.get(name), 1e-5, name);
        }
    }

    @Test
    void onnxRuntimeEnginePredictsAndEvaluatesAsPyTorchDoes() {
        for (String image : List.of(valDir.resolve("ring/0003.png").toString(), valDir.resolve("cross/0001.png").toString())) {
            Map<String, Double> torch = top5(predictJson("predict", "--cpu", "--json", "--model", best.toString(), image));
            Map<String, Double> onnx = top5(predictJson("predict", "--cpu", "--json", "--engine", "onnxruntime",
                    "--model", best.toString(), image));
            assertEquals(List.copyOf(torch.keySet()), List.copyOf(onnx.keySet()), "same classes in the same order");
            for (String name : torch.keySet()) {
                assertEquals(torch.get(name), onnx.get(name), 1e-5, name);
            }
        }
        for (boolean tenCrop : new boolean[] {false, true}) {
            List<String> args = new java.util.ArrayList<>(
                    List.of("evaluate", "--cpu", "--model", best.toString(), "--data", valDir.toString()));
            if (tenCrop) {
                args.add("--ten-crop");
            }
            String torch = predictJson(args.toArray(String[]::new));
            args.addAll(List.of("--engine", "onnxruntime"));
            assertEquals(torch, predictJson(args.toArray(String[]::new)), "the same errors on either engine");
        }
    }

    private static String predictJson(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertEquals(0, status, err.toString());
        return out.toString().strip();
    }

    private static Map<String, Double> top5(String jsonLine) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (var entry : JsonParser.parseString(jsonLine).getAsJsonObject().getAsJsonArray("top5")) {
            JsonObject c = entry.getAsJsonObject();
            probabilities.put(c.get("class").getAsString(), c.get("probability").getAsDouble());
        }
        return probabilities;
    }

    @Test
    void evaluateCommandPrintsErrors() {
        StringWriter out = new StringWriter();
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out))
                .execute("evaluate", "--cpu", "--model", best.toString(), "--data", valDir.toString());
        assertEquals(0, status);
        assertTrue(out.toString().contains("Images:      40 (center crop)"), out.toString());
        assertTrue(out.toString().contains("Top-5 error: 0.00%"), out.toString());
        StringWriter unfolded = new StringWriter();
        new CommandLine(new Main()).setOut(new PrintWriter(unfolded))
                .execute("evaluate", "--cpu", "--no-fold", "--model", best.toString(), "--data", valDir.toString());
        assertEquals(unfolded.toString(), out.toString(), "folding BatchNorm (the default) changes no prediction");
    }
}
