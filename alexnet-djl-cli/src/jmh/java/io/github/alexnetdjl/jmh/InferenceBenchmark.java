package io.github.alexnetdjl.jmh;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.inference.InferenceOptimizer;
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

/** One forward pass of the seed network on a random batch, in inference mode. Score: ms per batch. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InferenceBenchmark {

    /** Images per batch. */
    @Param({"1", "32"})
    public int batchSize;

    /** Whether BatchNorm is folded into the convolutions. */
    @Param({"true", "false"})
    public boolean fold;

    private Model model;
    private NDManager scope;
    private NDArray input;
    private Block net;
    private ParameterStore parameters;

    /** Builds the model on the CPU and a random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("seed", block, block.getInputShape(1));
        scope = model.getNDManager().newSubManager();
        input = scope.randomUniform(0f, 1f, block.getInputShape(batchSize));
        net = fold ? InferenceOptimizer.foldBatchNorm(block, model.getNDManager()) : block;
        parameters = new ParameterStore(model.getNDManager(), false);
    }

    /** libtorch's grad mode is per thread: JMH's worker thread starts with it on. */
    @Setup(Level.Iteration)
    public void noGrad() {
        LibTorch.setGradMode(false);
    }

    /**
     * Runs one batch; its intermediates are freed with the batch's manager.
     *
     * @return the first probability, so the work cannot be optimized away
     */
    @Benchmark
    public float forward() {
        try (NDManager step = scope.newSubManager()) {
            input.tempAttach(step);
            return net.forward(parameters, new NDList(input), false).singletonOrThrow().getFloat(0, 0);
        }
    }

    /** Frees the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
        model.close();
    }
}
