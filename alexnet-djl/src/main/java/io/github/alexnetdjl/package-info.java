/**
 * AlexNet for Java on DJL and its PyTorch engine.
 *
 * <p>{@link io.github.alexnetdjl.AlexNet#build()} gives a ready model, the Java counterpart of the Keras
 * notebook's {@code alexnet}; the packages below hold the pieces: {@code model} (the network), {@code nn}
 * (its layers), {@code engine} (devices and models), {@code summary} (Keras-style summaries) and {@code
 * cli} (the {@code ./alexnet} command).
 */
package io.github.alexnetdjl;
