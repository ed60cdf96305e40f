/**
 * Training with the paper's recipe: {@link io.github.alexnetdjl.training.ClassifierTrainer} runs epochs of
 * SGD with momentum ({@link io.github.alexnetdjl.training.MomentumSgd}) on the network's logits, divides the
 * learning rate on validation plateaus ({@link io.github.alexnetdjl.training.PlateauSchedule}), and writes
 * checkpoints, the best model, metrics.csv and charts ({@link io.github.alexnetdjl.training.TrainingCharts}).
 */
package io.github.alexnetdjl.training;
