/**
 * The layers AlexNet needs that DJL 0.25 lacks or gets subtly wrong: Keras's {@code padding='same'}
 * convolution with its asymmetric padding, shape-exact ReLU, max-pool, flatten and softmax blocks (DJL's
 * {@code LambdaBlock} computes output shapes by running its function on zeros), and a {@link
 * io.github.alexnetdjl.nn.NamedSequentialBlock} whose children keep readable names; for the paper's and
 * torchvision's AlexNet, {@link io.github.alexnetdjl.nn.LocalResponseNormalization} and {@link
 * io.github.alexnetdjl.nn.AdaptiveAvgPool2d}, which DJL 0.25's API lacks.
 */
package io.github.alexnetdjl.nn;
