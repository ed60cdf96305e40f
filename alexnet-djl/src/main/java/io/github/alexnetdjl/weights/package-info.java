/**
 * Weight import and export: reads the notebook's Keras weights (HDF5: tf.keras 2.x {@code .h5}, Keras 3
 * {@code .weights.h5} and {@code .keras}) and PyTorch state_dict files (zip and legacy format, through a
 * restricted unpickler), maps them onto {@link io.github.alexnetdjl.model.AlexNetBlock}'s parameter paths,
 * validates every tensor before any parameter is touched, and exports parameters as safetensors or
 * {@code .npz}. Each kind of file is a {@link io.github.alexnetdjl.weights.WeightFormat} (registered in {@link
 * io.github.alexnetdjl.weights.WeightFormats}), which also knows the network and preprocessing its weights
 * want; {@link io.github.alexnetdjl.weights.ModelImport} does a whole import into a model directory.
 * Files are untrusted: their sizes are bounded by {@link io.github.alexnetdjl.store.SizeLimits} before
 * anything is allocated, and a damaged file gives one message naming it.
 *
 * <pre>{@code
 * try (AlexNet alexnet = AlexNet.build()) {
 *     WeightImport.keras(Path.of("alexnet.h5"), alexnet.getBlock());
 *     WeightExport.write(alexnet.getBlock(), Path.of("alexnet.safetensors"));
 * }
 * }</pre>
 */
package io.github.alexnetdjl.weights;
