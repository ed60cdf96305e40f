package io.github.alexnetdjl.cli;

import ai.djl.MalformedModelException;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.features.FeatureExtractor;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of the commands that compute features: the model, the stage, the batch size, the device. */
final class FeatureOptions {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, e.g. a run's best/.")
    private Path model;

    @Option(names = "--layer", paramLabel = "STAGE", defaultValue = FeatureExtractor.DEFAULT_STAGE,
            description = "The stage whose output the features are: conv1 … conv5, fc6 … fc8 (default: ${DEFAULT-VALUE}).")
    private String layer;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
    private boolean cpu;

    @Option(names = "--no-fold", description = "Keep BatchNorm separate instead of folding it into the convolutions.")
    private boolean noFold;

    /**
     * Refuses a stage that is not AlexNet's, before anything is loaded.
     *
     * @param spec the command
     */
    void check(CommandSpec spec) {
        StageOption.check(spec, layer, AlexNetBlock.STAGES);
    }

    /** The stage's name. */
    String layer() {
        return layer;
    }

    /** Loads the model on PyTorch, whose stages can be run one by one. */
    AlexNet load() throws IOException, MalformedModelException {
        return AlexNet.load(model, InferenceEngine.pytorch.options(cpu, noFold));
    }

    /** The features of the stage asked for. */
    FeatureExtractor extractor(AlexNet alexnet) {
        return FeatureExtractor.builder().setModel(alexnet).optStage(layer).optBatchSize(batchSize).build();
    }

    /** The progress line on standard error, from now. */
    ImageProgressBar progress(CommandSpec spec) {
        return new ImageProgressBar(spec.commandLine().getErr(), spec.qualifiedName(), layer + " features",
                System.console() != null);
    }
}
