package io.github.alexnetdjl.bench;

/**
 * The benchmark's yardstick: the best kernel measured in the run, the faster of libtorch's matrix multiply
 * and its large convolutions, by wall clock and by CPU time (each the better of the two kernels).
 *
 * @param gflops the best kernel's GFLOP/s
 * @param gflopsPerCpuSecond the best kernel's GFLOP per CPU-second
 * @param kernel which kernel set {@code gflops}: "matmul" or "convolution"
 */
record Ceiling(double gflops, double gflopsPerCpuSecond, String kernel) {

    static Ceiling of(MatmulCeiling matmul, ConvolutionCeiling convolution) {
        boolean conv = convolution.bestGflops() > matmul.bestGflops();
        return new Ceiling(Math.max(matmul.bestGflops(), convolution.bestGflops()),
                Math.max(matmul.gflopsPerCpuSecond(), convolution.gflopsPerCpuSecond()),
                conv ? "convolution" : "matmul");
    }
}
