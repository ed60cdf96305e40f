package io.github.alexnetdjl.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

/**
 * The ceiling: a square float32 matrix multiply through libtorch. GFLOP/s = 2·n³ / (score in ns).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatmulBenchmark {

    /** The matrix side. */
    @Param({"512", "1024", "2048"})
    public int size;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    /** Two random matrices on the CPU. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        a = manager.randomUniform(-1f, 1f, new Shape(size, size));
        b = manager.randomUniform(-1f, 1f, new Shape(size, size));
    }

    /**
     * One multiply, freed at once.
     *
     * @return an element of the product, so the work cannot be optimized away
     */
    @Benchmark
    public float multiply() {
        try (NDManager step = manager.newSubManager()) {
            NDArray c = a.matMul(b);
            c.attach(step);
            return c.getFloat(0, 0);
        }
    }

    /** Frees the matrices. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
