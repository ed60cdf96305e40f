/**
 * Trained models on disk. A model directory ({@link io.github.alexnetdjl.store.ModelDirectory}) holds the
 * DJL parameter file {@code alexnet-0000.params}, {@code config.json} ({@link
 * io.github.alexnetdjl.store.ModelConfig}: variant, input shape, classes, sizes, preprocessing), {@code
 * classes.txt} and {@code serving.properties} ({@link io.github.alexnetdjl.store.ServingProperties}: what DJL's
 * {@code Criteria} needs to load it); it is written atomically and rebuilt from {@code config.json} alone.
 */
package io.github.alexnetdjl.store;
