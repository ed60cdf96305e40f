package io.github.alexnetdjl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GFLOP/s of large float32 convolutions through the same libtorch (oneDNN on the CPU), on the same
 * device and threads as the network: AlexNet's conv2 and conv3 shapes, which are its fastest layers. Where
 * libtorch's matrix multiply takes a slow path (MKL on AMD processors) a convolution is the better
 * yardstick; the benchmark's ceiling is the faster of the two.
 *
 * <pre>{@code
 * ConvolutionCeiling conv = ConvolutionCeiling.measure(manager, 32, 0.5);
 * double gflops = conv.bestGflops();
 * }</pre>
 */
public final class ConvolutionCeiling {

    /** (in channels, side, filters, kernel): conv2 and conv3 of the notebook's network at 224×224. */
    private static final List<int[]> SHAPES = List.of(new int[] {96, 27, 256, 5}, new int[] {256, 13, 384, 3});

    private final Map<String, Double> gflopsByShape;
    private final double gflopsPerCpuSecond;

    private ConvolutionCeiling(Map<String, Double> gflopsByShape, double gflopsPerCpuSecond) {
        this.gflopsByShape = gflopsByShape;
        this.gflopsPerCpuSecond = gflopsPerCpuSecond;
    }

    /**
     * Measures each convolution: a warm-up run, then repeated runs for about {@code secondsPerShape}, keeping
     * the fastest.
     *
     * @param manager the manager whose device is measured
     * @param batchSize the images per convolution
     * @param secondsPerShape how long to repeat each shape
     * @return the measurement
     * @throws IllegalArgumentException if the batch size or the time is not positive
     */
    public static ConvolutionCeiling measure(NDManager manager, int batchSize, double secondsPerShape) {
        if (batchSize <= 0 || !(secondsPerShape > 0)) {
            throw new IllegalArgumentException(
                    "convolution ceiling needs a positive batch size and time, got " + batchSize + " and "
                            + secondsPerShape + " s");
        }
        Map<String, Double> results = new LinkedHashMap<>();
        double bestPerCpuSecond = 0;
        for (int[] s : SHAPES) {
            int in = s[0];
            int side = s[1];
            int filters = s[2];
            int kernel = s[3];
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = scope.randomUniform(-1f, 1f, new Shape(batchSize, in, side, side));
                NDArray weight = scope.randomUniform(-0.1f, 0.1f, new Shape(filters, in, kernel, kernel));
                Shape padding = new Shape(kernel / 2, kernel / 2);
                KernelTiming timing = KernelTiming.fastest(() -> convolve(scope, input, weight, padding), secondsPerShape);
                double flops = 2.0 * batchSize * side * side * filters * in * kernel * kernel;
                results.put(String.format(Locale.ROOT, "%d@%dx%d on (%d, %d, %d, %d)", filters, kernel, kernel, batchSize, in,
                        side, side), timing.gflops(flops));
                bestPerCpuSecond = Math.max(bestPerCpuSecond, timing.gflopsPerCpuSecond(flops));
            }
        }
        return new ConvolutionCeiling(results, bestPerCpuSecond);
    }

    private static long convolve(NDManager scope, NDArray input, NDArray weight, Shape padding) {
        try (NDManager step = scope.newSubManager()) {
            long start = System.nanoTime();
            NDArray out = Conv2d.conv2d(input, weight, null, new Shape(1, 1), padding, new Shape(1, 1), 1)
                    .singletonOrThrow();
            out.attach(step);
            if (!out.getDevice().equals(Device.cpu())) {
                out.get(0, 0, 0, 0).getFloat();
            }
            return System.nanoTime() - start;
        }
    }

    /**
     * Returns the better of two measurements, shape by shape.
     *
     * @param other another measurement
     * @return the best GFLOP/s of each shape over both
     */
    public ConvolutionCeiling max(ConvolutionCeiling other) {
        Map<String, Double> merged = new LinkedHashMap<>(gflopsByShape);
        other.gflopsByShape.forEach((shape, gflops) -> merged.merge(shape, gflops, Math::max));
        return new ConvolutionCeiling(merged, Math.max(gflopsPerCpuSecond, other.gflopsPerCpuSecond));
    }

    /**
     * Returns the best GFLOP/s over the shapes.
     *
     * @return GFLOP/s
     */
    public double bestGflops() {
        return gflopsByShape.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * Returns the best FLOPs per CPU-second of the process over the shapes, in billions.
     *
     * @return GFLOP per CPU-second, or 0 where the JVM reported no CPU time
     */
    public double gflopsPerCpuSecond() {
        return gflopsPerCpuSecond;
    }

    /**
     * Returns the GFLOP/s of each shape, named like {@code 384@3x3 on (32, 256, 13, 13)}.
     *
     * @return GFLOP/s by shape, in the order measured
     */
    public Map<String, Double> gflopsByShape() {
        return Collections.unmodifiableMap(gflopsByShape);
    }
}
