/**
 * What a trained network's stages compute for images: {@link io.github.alexnetdjl.features.StagedNetwork} runs
 * the network inference runs through any named stage ({@code conv1} … {@code fc8}), {@link
 * io.github.alexnetdjl.features.FeatureExtractor} gives a stage's activations for images and streams them into
 * a NumPy {@code .npy} matrix with a CSV index of paths ({@link io.github.alexnetdjl.features.FeatureFile}), and
 * {@link io.github.alexnetdjl.features.NearestNeighbours} finds the images nearest to others by those features,
 * drawn as the paper's Figure 4 by {@link io.github.alexnetdjl.features.NeighbourGrid}. docs/transfer.md shows
 * them at work.
 */
package io.github.alexnetdjl.features;
