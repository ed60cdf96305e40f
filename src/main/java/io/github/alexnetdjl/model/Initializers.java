package io.github.alexnetdjl.model;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/** The initializers the AlexNet variants come with, named after the framework that defines them. */
public final class Initializers {

    private Initializers() {}

    /**
     * Keras's default kernel initializer, {@code glorot_uniform}: U(-l, l) with {@code l = sqrt(6 / (fan_in
     * + fan_out))}, where a convolution's fans count the kernel's area. DJL's Xavier with a uniform
     * distribution, averaged fans and magnitude 3 is exactly that. Keras's biases start at zero, BatchNorm's
     * gamma at 1, beta and the moving mean at 0 and the moving variance at 1, which are DJL's defaults for
     * those parameter types.
     *
     * @return the initializer for weight parameters
     */
    public static Initializer kerasGlorotUniform() {
        return new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
    }
}
