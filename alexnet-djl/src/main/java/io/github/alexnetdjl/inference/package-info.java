/**
 * Using a trained model: {@link io.github.alexnetdjl.inference.AlexNetTranslator} makes a DJL {@code
 * Predictor<Image, Classifications>} from a model directory, and {@link
 * io.github.alexnetdjl.inference.ModelEvaluation} measures top-1 and top-5 error on an image folder with the
 * center crop or the paper's ten crops. {@link io.github.alexnetdjl.inference.InferenceOptimizer} folds each
 * BatchNorm into the convolution before it, for inference only; the CLI's {@code predict} and {@code evaluate}
 * do that by default.
 */
package io.github.alexnetdjl.inference;
