package io.github.alexnetdjl.jmh;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One SGD step of the seed network on logits with softmax cross-entropy. Score: ms per step. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingStepBenchmark {

    /** Images per batch. */
    @Param({"32"})
    public int batchSize;

    private Model model;
    private Trainer trainer;
    private NDManager scope;
    private NDArray images;
    private NDArray labels;

    /** Builds the model and trainer on the CPU and a random batch with random labels. */
    @Setup(Level.Trial)
    public void setUp() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        Shape shape = block.getInputShape(batchSize);
        model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("seed-training", block.logits(), shape);
        trainer = model.newTrainer(
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optDevices(new Device[] {Device.cpu()})
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.001f)).build()));
        trainer.initialize(shape);
        scope = trainer.getManager().newSubManager();
        images = scope.randomUniform(0f, 1f, shape);
        labels = scope.randomInteger(0, block.getNumClasses(), new Shape(batchSize), DataType.INT64);
    }

    /**
     * Forward, loss, backward and update.
     *
     * @return the loss, so the work cannot be optimized away
     */
    @Benchmark
    public float step() {
        try (NDManager step = scope.newSubManager()) {
            images.tempAttach(step);
            labels.tempAttach(step);
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(images));
                NDArray value = trainer.getLoss().evaluate(new NDList(labels), predictions);
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** Frees the trainer and the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
        trainer.close();
        model.close();
    }
}
