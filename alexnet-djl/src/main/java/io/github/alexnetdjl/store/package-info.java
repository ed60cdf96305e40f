/**
 * Trained models on disk. A model directory ({@link io.github.alexnetdjl.store.ModelDirectory}) holds the
 * DJL parameter file {@code alexnet-0000.params}, {@code config.json} ({@link
 * io.github.alexnetdjl.store.ModelConfig}: variant, input shape, classes, sizes, preprocessing) and {@code
 * classes.txt}; it is written atomically and rebuilt from {@code config.json} alone.
 */
package io.github.alexnetdjl.store;
