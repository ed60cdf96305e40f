package io.github.alexnetdjl.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.ServingProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the network of a model directory for DJL's {@code Criteria}: named in the directory's {@link
 * ServingProperties}, DJL creates it by name and hands it the model it is loading. It loads the directory
 * into that model as {@code AlexNet.load} does (parameters checked against {@code config.json} and for being
 * finite, frozen, BatchNorm folded; {@link InferenceNetwork#install}), so DJL's model is ready when DJL asks
 * it to load and the directory's {@code hasParameter=false} tells DJL not to read the parameters again. The
 * network it returns takes decoded images as DJL's own image classification translator passes them on, and
 * preprocessed batches as {@link AlexNetTranslator} makes them.
 *
 * <p>A {@code Criteria} argument {@value #FOLD_BATCH_NORM} {@code = false} keeps BatchNorm separate.
 */
public final class AlexNetBlockFactory implements BlockFactory {

    /** The {@code Criteria} argument that switches BatchNorm folding off ({@code "false"}); default on. */
    public static final String FOLD_BATCH_NORM = "foldBatchNorm";

    private static final long serialVersionUID = 1L;

    /** Creates the factory; DJL does, by the name in {@code serving.properties}. */
    public AlexNetBlockFactory() {}

    /**
     * Loads the model directory into DJL's model and returns the network it runs.
     *
     * @param model the PyTorch model DJL is loading; it gets the parameters
     * @param modelPath the model directory
     * @param arguments the {@code Criteria}'s arguments and those of {@code serving.properties}
     * @return the inference network, initialized, with the model's preprocessing in front
     * @throws IOException naming the file, when the directory cannot be read or its files do not fit together,
     *     or when DJL's model is not on the PyTorch engine
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        String engine = model.getNDManager().getEngine().getEngineName();
        if (!ModelFactory.ENGINE.equals(engine)) {
            throw new IOException(modelPath + ": a model directory loads on the " + ModelFactory.ENGINE
                    + " engine, not " + engine + " (AlexNet.load runs it on ONNX Runtime, see InferenceOptions)");
        }
        Object fold = arguments.get(FOLD_BATCH_NORM);
        try {
            ModelDirectory loaded = ModelDirectory.load(modelPath, model);
            InferenceNetwork.install(loaded, fold == null || Boolean.parseBoolean(fold.toString()));
            return new ImagePreprocessingBlock(loaded.getConfig(), model.getBlock());
        } catch (MalformedModelException e) {
            // DJL drops the model it created when its block factory fails, without closing it.
            model.close();
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
