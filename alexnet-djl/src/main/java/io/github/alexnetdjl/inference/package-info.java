/**
 * Using a trained model: {@link io.github.alexnetdjl.inference.AlexNetTranslator} makes a DJL {@code
 * Predictor<Image, Classifications>} from a model directory, and {@link
 * io.github.alexnetdjl.inference.ModelEvaluation} measures top-1 and top-5 error on an image folder with the
 * center crop or the paper's ten crops. {@link io.github.alexnetdjl.inference.InferenceOptimizer} folds each
 * BatchNorm into the convolution before it, for inference only; {@link
 * io.github.alexnetdjl.inference.InferenceNetwork} installs the rewritten network in a loaded model, as {@code
 * AlexNet.load} does by default. {@link io.github.alexnetdjl.inference.AlexNetBlockFactory} and {@link
 * io.github.alexnetdjl.inference.AlexNetTranslatorFactory} are what a model directory's {@code
 * serving.properties} names, so that DJL's {@code Criteria} loads it.
 */
package io.github.alexnetdjl.inference;
