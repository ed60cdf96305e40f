package io.github.alexnetdjl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One half of the machine's single-precision ceiling as libtorch sees it: the best GFLOP/s of square float32
 * matrix multiplies (2·n³ FLOPs each) over a few sizes, run through the same engine, on the same device and
 * the same threads as the network. The benchmark's ceiling is the faster of this and {@link
 * ConvolutionCeiling}: on AMD processors libtorch's matrix multiply (MKL) takes a slow path that its
 * convolutions (oneDNN) do not.
 *
 * <pre>{@code
 * MatmulCeiling ceiling = MatmulCeiling.measure(manager, new int[] {512, 1024, 2048}, 0.3);
 * double gflops = ceiling.bestGflops();
 * }</pre>
 */
public final class MatmulCeiling {

    private final Map<Integer, Double> gflopsBySize;
    private final double gflopsPerCpuSecond;

    private MatmulCeiling(Map<Integer, Double> gflopsBySize, double gflopsPerCpuSecond) {
        this.gflopsBySize = gflopsBySize;
        this.gflopsPerCpuSecond = gflopsPerCpuSecond;
    }

    /**
     * Measures the ceiling: for each size, a warm-up multiply, then repeated multiplies for about {@code
     * secondsPerSize}, keeping the fastest one.
     *
     * @param manager the manager whose device is measured
     * @param sizes the matrix sides to try, e.g. 512, 1024, 2048
     * @param secondsPerSize how long to repeat each size
     * @return the measurement
     * @throws IllegalArgumentException if no size is given or a size or the time is not positive
     */
    public static MatmulCeiling measure(NDManager manager, int[] sizes, double secondsPerSize) {
        if (sizes.length == 0 || !(secondsPerSize > 0)) {
            throw new IllegalArgumentException(
                    "matmul ceiling needs at least one size and a positive time, got "
                            + sizes.length
                            + " sizes and "
                            + secondsPerSize
                            + " s");
        }
        Map<Integer, Double> results = new LinkedHashMap<>();
        double bestPerCpuSecond = 0;
        for (int n : sizes) {
            if (n <= 0) {
                throw new IllegalArgumentException("matrix sizes must be positive, got " + n);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray a = scope.randomUniform(-1f, 1f, new Shape(n, n));
                NDArray b = scope.randomUniform(-1f, 1f, new Shape(n, n));
                KernelTiming timing = KernelTiming.fastest(() -> multiply(scope, a, b), secondsPerSize);
                double flops = 2.0 * n * n * n;
                results.put(n, timing.gflops(flops));
                bestPerCpuSecond = Math.max(bestPerCpuSecond, timing.gflopsPerCpuSecond(flops));
            }
        }
        return new MatmulCeiling(results, bestPerCpuSecond);
    }

    /** Returns the nanoseconds one multiply took, its result synchronized back so a GPU is timed too. */
    private static long multiply(NDManager scope, NDArray a, NDArray b) {
        try (NDManager step = scope.newSubManager()) {
            long start = System.nanoTime();
            NDArray c = a.matMul(b);
            c.attach(step);
            if (!c.getDevice().equals(Device.cpu())) {
                c.get(0, 0).getFloat();
            }
            return System.nanoTime() - start;
        }
    }

    /**
     * Returns the better of two measurements, size by size: a ceiling measured before and after a run is
     * less at the mercy of a neighbour's burst of load than either alone.
     *
     * @param other another measurement
     * @return the best GFLOP/s of each size over both
     */
    public MatmulCeiling max(MatmulCeiling other) {
        Map<Integer, Double> merged = new LinkedHashMap<>(gflopsBySize);
        other.gflopsBySize.forEach((size, gflops) -> merged.merge(size, gflops, Math::max));
        return new MatmulCeiling(merged, Math.max(gflopsPerCpuSecond, other.gflopsPerCpuSecond));
    }

    /**
     * Returns the best GFLOP/s over all sizes: the ceiling.
     *
     * @return the ceiling in GFLOP/s
     */
    public double bestGflops() {
        return gflopsBySize.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * Returns the best FLOPs per CPU-second over all sizes, in billions: the multiplies' FLOPs over the
     * process's CPU time while they ran. On a machine shared with other work, wall-clock GFLOP/s measure the
     * share of the cores this process got; FLOPs per CPU-second measure the work done with what it got.
     *
     * @return GFLOP per CPU-second, or 0 where the JVM reported no CPU time for the multiplies
     */
    public double gflopsPerCpuSecond() {
        return gflopsPerCpuSecond;
    }

    /**
     * Returns the GFLOP/s measured at each matrix side, in the order measured.
     *
     * @return GFLOP/s by matrix side
     */
    public Map<Integer, Double> gflopsBySize() {
        return Collections.unmodifiableMap(gflopsBySize);
    }
}
