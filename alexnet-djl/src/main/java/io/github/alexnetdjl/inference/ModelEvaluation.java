package io.github.alexnetdjl.inference;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.DeviceNormalization;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.training.TopKCounter;
import java.io.IOException;
import java.util.Iterator;

/**
 * Top-1 and top-5 error of a trained model on decoded images, with the center crop or the paper's ten crops
 * (four corners and center, and their mirror images, softmax probabilities averaged).
 */
public final class ModelEvaluation {

    private ModelEvaluation() {}

    /**
     * The outcome of an evaluation.
     *
     * @param images the number of images
     * @param top1Error the fraction whose most probable class is wrong
     * @param top5Error the fraction whose true class is not among the five most probable
     * @param tenCrop whether ten crops were averaged
     */
    public record Result(int images, double top1Error, double top5Error, boolean tenCrop) {}

    /**
     * Evaluates a model.
     *
     * @param model the loaded model; its {@code Model}'s block runs, so a folded block set there is used
     * @param images the images, decoded with the model's resize length; their classes must be the model's
     * @param tenCrop whether to average the ten crops instead of taking the center crop
     * @param batchSize images per forward pass
     * @return the errors
     * @throws IOException if the images' classes are not the model's
     */
    public static Result evaluate(ModelDirectory model, DecodedImages images, boolean tenCrop, int batchSize)
            throws IOException {
        return evaluate(model, model.getModel(), images, tenCrop, batchSize);
    }

    /**
     * Evaluates a model with its network run by another {@code Model}: the same network on another engine,
     * such as ONNX Runtime ({@code OnnxRuntimeInference}). Batches are made as for the model itself; the
     * runner's outputs come back into them.
     *
     * @param model the loaded model: configuration, classes, device
     * @param runner the model whose block runs the batches, to be closed by the caller
     * @param images the images, decoded with the model's resize length; their classes must be the model's
     * @param tenCrop whether to average the ten crops instead of taking the center crop
     * @param batchSize images per forward pass
     * @return the errors
     * @throws IOException if the images' classes are not the model's
     */
    public static Result evaluate(ModelDirectory model, Model runner, DecodedImages images, boolean tenCrop,
            int batchSize) throws IOException {
        if (!images.getClasses().equals(model.getClasses())) {
            throw new IOException("the folder's classes " + images.getClasses() + " are not the model's "
                    + model.getClasses());
        }
        int[] shape = model.getConfig().getInputShape();
        int numClasses = model.getClasses().size();
        TopKCounter hits = new TopKCounter(numClasses);
        boolean onDevice = DeviceNormalization.isDefaultFor(model.getModel().getNDManager().getDevice());
        try (BatchLoader loader = BatchLoader.builder()
                        .setImages(images)
                        .setCropSize(shape[1], shape[2])
                        .setBatchSize(batchSize)
                        .optMode(tenCrop ? BatchLoader.Mode.TEN_CROP : BatchLoader.Mode.CENTER)
                        .optNormalization(model.getConfig().getMean(), model.getConfig().getStd())
                        .optNormalizeOnDevice(onDevice)
                        .build();
                NDManager manager = model.getModel().getNDManager().newSubManager()) {
            for (Iterator<BatchLoader.HostBatch> it = loader.epoch(0); it.hasNext(); ) {
                BatchLoader.HostBatch batch = it.next();
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray x = batch.toNDList(batchManager).get(0);
                    // Another engine's output comes back into this batch, where the ten-crop mean runs.
                    NDArray probabilities = InferenceNetwork.forward(runner.getBlock(), x);
                    if (tenCrop) {
                        probabilities = probabilities.reshape(batch.images(), batch.cropsPerImage(), numClasses).mean(new int[] {1});
                    }
                    hits.add(probabilities.toFloatArray(), batch.labels());
                }
            }
        }
        return new Result(hits.images(), 1 - hits.top1Accuracy(), 1 - hits.top5Accuracy(), tenCrop);
    }
}
