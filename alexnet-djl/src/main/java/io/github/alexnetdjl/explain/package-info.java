/**
 * Where in an image the evidence for a class lies, and what a stage holds: {@link
 * io.github.alexnetdjl.explain.GradCam} and {@link io.github.alexnetdjl.explain.OcclusionSensitivity} compute
 * {@link io.github.alexnetdjl.explain.Heatmap}s, {@link io.github.alexnetdjl.explain.HeatmapPicture} draws them
 * over the image, {@link io.github.alexnetdjl.explain.ExplanationFiles} does so for image files, and {@link
 * io.github.alexnetdjl.explain.StagePictures} draws a convolution stage's filters or an image's maps.
 * docs/transfer.md shows them at work.
 */
package io.github.alexnetdjl.explain;
