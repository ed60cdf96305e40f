/**
 * Using a trained model: {@link io.github.alexnetdjl.inference.AlexNetTranslator} makes a DJL {@code
 * Predictor<Image, Classifications>} from a model directory, and {@link
 * io.github.alexnetdjl.inference.ModelEvaluation} measures top-1 and top-5 error on an image folder with the
 * center crop or the paper's ten crops.
 */
package io.github.alexnetdjl.inference;
