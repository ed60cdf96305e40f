/**
 * Benchmarks measured against the machine's own ceiling: {@link io.github.alexnetdjl.bench.MatmulCeiling}
 * measures single-precision matrix-multiply GFLOP/s through the same libtorch on the same threads, {@link
 * io.github.alexnetdjl.bench.FlopCounter} counts a network's FLOPs per image from its layer shapes, and
 * {@link io.github.alexnetdjl.bench.Benchmark} runs inference and training steps and reports each result as
 * a fraction of that ceiling ({@code ./alexnet bench}).
 */
package io.github.alexnetdjl.bench;
