/**
 * Models and devices: {@link io.github.alexnetdjl.engine.ModelFactory} puts a block on the PyTorch engine,
 * on the single CUDA GPU when there is one and on the CPU otherwise; {@link
 * io.github.alexnetdjl.engine.DeviceChoice} says which and why; {@link io.github.alexnetdjl.engine.LibTorch}
 * holds the libtorch settings DJL reaches only through its JNI internals (grad mode, threads), which no other
 * package touches. {@link io.github.alexnetdjl.engine.Seeds} derives every seed of a run (split, shuffle,
 * augmentation, dropout) from the run's one seed.
 */
package io.github.alexnetdjl.engine;
