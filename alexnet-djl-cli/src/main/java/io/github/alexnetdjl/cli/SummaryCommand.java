package io.github.alexnetdjl.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.DeviceChoice;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The main job: choose the device, build the model, print its summary and time one forward pass. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = {
            "Builds AlexNet on the best device, prints engine, versions, device and the Keras-style summary,",
            "then runs one forward pass on a random batch and prints its output shape and time."
        })
final class SummaryCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @picocli.CommandLine.ParentCommand private Main main;

    @Option(
            names = "--batch-size",
            defaultValue = "1",
            description = "Images in the random batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--seed", description = "Seed for the initialization and the random batch.")
    private Long seed;

    @Option(
            names = "--variant",
            defaultValue = "seed",
            converter = VariantConverter.class,
            description = "Which AlexNet: seed (the notebook's), paper (the 2012 paper's, 227x227 input)"
                    + " or torchvision's (default: ${DEFAULT-VALUE}). See docs/variants.md.")
    private Variant variant;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @picocli.CommandLine.Mixin private SummaryOptions summaryOptions;

    @Override
    public Integer call() {
        if (batchSize <= 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--batch-size must be positive, got " + batchSize);
        }
        PrintWriter out = spec.commandLine().getOut();
        var summary = summaryOptions.build(spec.commandLine(),
                main != null ? main.outCharset() : java.nio.charset.StandardCharsets.UTF_8);
        ModelFactory.Builder factory = ModelFactory.builder();
        if (seed != null) {
            factory.optSeed(seed);
        }
        if (cpu) {
            factory.optDevice(ai.djl.Device.cpu());
        }
        ModelFactory models = factory.build();
        DeviceChoice choice = models.chooseDevice();
        Engine engine = Engine.getEngine(ModelFactory.ENGINE);
        out.printf(Locale.ROOT, "Engine: %s %s (DJL %s)%n", engine.getEngineName(), engine.getVersion(),
                Engine.getDjlVersion());
        out.printf(Locale.ROOT, "Device: %s (%s)%n%n", choice.device(), choice.reason());
        try (AlexNet alexnet = AlexNet.build(AlexNetBlock.builder().optVariant(variant).build(), models);
                NDManager manager = alexnet.getModel().getNDManager().newSubManager()) {
            summary.print(alexnet.getBlock(), alexnet.getBlock().getInputShape(batchSize), out::println);
            out.flush();
            Shape shape = alexnet.getBlock().getInputShape(batchSize);
            NDArray images = manager.randomUniform(0f, 1f, shape);
            long start = System.nanoTime();
            NDArray output = alexnet.predict(images);
            float[] firstRow = output.get(0).toFloatArray();
            double millis = (System.nanoTime() - start) / 1e6;
            double sum = 0;
            for (float p : firstRow) {
                sum += p;
            }
            out.printf(Locale.ROOT, "%nForward pass: input %s -> output %s in %.1f ms (first row sums to %.6f)%n",
                    shape, output.getShape(), millis, sum);
        }
        out.flush();
        return 0;
    }

    /** Reads a variant name ignoring case, so the command line can say seed, paper or torchvision. */
    static final class VariantConverter implements picocli.CommandLine.ITypeConverter<Variant> {
        @Override
        public Variant convert(String value) {
            try {
                return Variant.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
