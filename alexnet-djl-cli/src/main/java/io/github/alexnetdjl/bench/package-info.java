/**
 * Benchmarks measured against the machine's own ceiling: {@link io.github.alexnetdjl.bench.MatmulCeiling}
 * and {@link io.github.alexnetdjl.bench.ConvolutionCeiling} measure float32 matrix-multiply and convolution
 * GFLOP/s through the same libtorch on the same threads, the faster being the ceiling; {@link
 * io.github.alexnetdjl.bench.FlopCounter} counts a network's FLOPs per image from its spec; {@link
 * io.github.alexnetdjl.bench.Benchmark} runs inference and training steps, reports each result as a fraction
 * of that ceiling, and optionally runs the same network in ONNX Runtime as a peer ({@code ./alexnet bench
 * --peer onnxruntime}); {@link io.github.alexnetdjl.bench.InferenceLevers} are the inference rewrites each
 * measurement runs with; {@link io.github.alexnetdjl.bench.InferenceProfile} times each layer, {@link
 * io.github.alexnetdjl.bench.PipelineBenchmark} the data pipeline, {@link io.github.alexnetdjl.bench.MemorySoak}
 * memory over a long run.
 */
package io.github.alexnetdjl.bench;
