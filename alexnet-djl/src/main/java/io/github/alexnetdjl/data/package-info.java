/**
 * Images for training and evaluation: {@link io.github.alexnetdjl.data.ImageFolder} (one sub-folder per
 * class), {@link io.github.alexnetdjl.data.DecodedImages} (decoded once, shorter side resized, kept as uint8
 * when they fit in memory; unreadable files skipped and reported), {@link
 * io.github.alexnetdjl.data.ImageTransforms} (the paper's crops, flips, PCA colour noise and normalization),
 * {@link io.github.alexnetdjl.data.BatchLoader} (batches built on all cores ahead of training, as float32 or,
 * for a GPU, as uint8 pixels that {@link io.github.alexnetdjl.data.DeviceNormalization} normalizes there) and {@link
 * io.github.alexnetdjl.data.SyntheticImages} (a deterministic demo dataset).
 */
package io.github.alexnetdjl.data;
