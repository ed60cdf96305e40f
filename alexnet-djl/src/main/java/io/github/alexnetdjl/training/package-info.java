/**
 * Training with the paper's recipe: {@link io.github.alexnetdjl.training.ClassifierTrainer} runs epochs of
 * SGD with momentum ({@link io.github.alexnetdjl.training.MomentumSgd}) on the network's logits, divides the
 * learning rate on validation plateaus ({@link io.github.alexnetdjl.training.PlateauSchedule}, the default
 * {@link io.github.alexnetdjl.training.LearningRateSchedule}), and writes
 * checkpoints, the best model, metrics.csv and the picture of the learned conv1 filters ({@link io.github.alexnetdjl.training.FilterGrid}).
 */
package io.github.alexnetdjl.training;
