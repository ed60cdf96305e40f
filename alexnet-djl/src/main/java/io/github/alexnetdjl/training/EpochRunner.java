package io.github.alexnetdjl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.github.alexnetdjl.data.BatchLoader;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One epoch's passes over a DJL {@link Trainer}: SGD steps over the training batches, reporting each batch to
 * the listeners, then the loss and top-k accuracy over the validation batches. A loss that is not finite
 * stops the pass before the step that would apply it.
 */
final class EpochRunner {

    /**
     * The training pass.
     *
     * @param loss mean loss per image
     * @param accuracy top-1 accuracy on the augmented crops, dropout active
     * @param imagesPerSecond training images per second, loading included
     */
    record Trained(double loss, double accuracy, double imagesPerSecond) {}

    /**
     * The validation pass.
     *
     * @param loss mean loss per image
     * @param top1 top-1 accuracy
     * @param top5 top-5 accuracy
     */
    record Validated(double loss, double top1, double top5) {}

    private final Trainer trainer;
    private final int numClasses;
    private final List<TrainingProgress> listeners;

    EpochRunner(Trainer trainer, int numClasses, List<TrainingProgress> listeners) {
        this.trainer = trainer;
        this.numClasses = numClasses;
        this.listeners = listeners;
    }

    Trained train(BatchLoader loader, int epoch, float learningRate) throws TrainingDivergedException {
        long start = System.nanoTime();
        double lossSum = 0;
        TopKCounter hits = new TopKCounter(numClasses);
        int step = 0;
        for (Iterator<BatchLoader.HostBatch> it = loader.epoch(epoch); it.hasNext(); ) {
            BatchLoader.HostBatch batch = it.next();
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList xy = batch.toNDList(manager);
                NDList labels = new NDList(xy.get(1));
                float[] logits;
                float loss;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(xy.get(0)), labels);
                    NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
                    collector.backward(lossValue);
                    loss = lossValue.getFloat();
                    logits = predictions.singletonOrThrow().toFloatArray();
                }
                step++;
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(String.format(Locale.ROOT,
                            "training diverged in epoch %d at step %d: the loss is %s at learning rate %s; the run"
                                    + " stopped without saving this epoch. Try a lower learning rate",
                            epoch, step, loss, learningRate), epoch, step);
                }
                trainer.step();
                lossSum += (double) loss * batch.images();
                hits.add(logits, batch.labels());
            }
            int seen = hits.images();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TrainingProgress listener : listeners) {
                listener.onBatch(epoch, seen, loader.size(), seen / seconds, lossSum / seen, hits.top1Accuracy());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Trained(lossSum / hits.images(), hits.top1Accuracy(), hits.images() / seconds);
    }

    /** Validates on center crops. */
    Validated validate(BatchLoader loader, int epoch, float learningRate) throws TrainingDivergedException {
        double lossSum = 0;
        TopKCounter hits = new TopKCounter(numClasses);
        for (Iterator<BatchLoader.HostBatch> it = loader.epoch(0); it.hasNext(); ) {
            BatchLoader.HostBatch batch = it.next();
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList xy = batch.toNDList(manager);
                NDList predictions = trainer.evaluate(new NDList(xy.get(0)));
                lossSum += (double) trainer.getLoss().evaluate(new NDList(xy.get(1)), predictions).getFloat() * batch.images();
                hits.add(predictions.singletonOrThrow().toFloatArray(), batch.labels());
            }
        }
        if (!Double.isFinite(lossSum)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "training diverged in epoch %d: the validation loss is %s at learning rate %s; the run stopped"
                            + " without saving this epoch. Try a lower learning rate",
                    epoch, lossSum / hits.images(), learningRate), epoch, 0);
        }
        return new Validated(lossSum / hits.images(), hits.top1Accuracy(), hits.top5Accuracy());
    }
}
