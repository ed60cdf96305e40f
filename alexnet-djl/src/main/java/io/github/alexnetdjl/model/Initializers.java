package io.github.alexnetdjl.model;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
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

    /**
     * The paper's weights: N(0, 0.01) ("a zero-mean Gaussian distribution with standard deviation 0.01",
     * section 5). Its biases are constants, 1 or 0 ({@code Initializer.ONES}, {@code Initializer.ZEROS}).
     *
     * @return the initializer for weight parameters
     */
    public static Initializer paperGaussian() {
        return new NormalInitializer(0.01f);
    }

    /**
     * PyTorch's default weight initialization for {@code Conv2d} and {@code Linear}: {@code
     * kaiming_uniform_(a=sqrt(5))}, i.e. U(-b, b) with {@code b = gain * sqrt(3 / fan_in)} and {@code gain =
     * sqrt(2 / (1 + a²)) = sqrt(1/3)}, so {@code b = 1 / sqrt(fan_in)}, where a convolution's fan_in is
     * (input channels / groups) × kernel area. DJL's Xavier with a uniform distribution, the input fan and
     * magnitude 1 is exactly that.
     *
     * @return the initializer for weight parameters
     */
    public static Initializer pytorchDefaultWeight() {
        return new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }

    /**
     * PyTorch's default bias initialization for {@code Conv2d} and {@code Linear}: U(-b, b) with {@code b =
     * 1 / sqrt(fan_in)} of the layer's weight. A bias's own shape does not tell the fan_in, hence the
     * argument.
     *
     * @param fanIn the layer's weight fan_in, (input channels / groups) × kernel area
     * @return the initializer for that layer's bias
     */
    public static Initializer pytorchDefaultBias(long fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fan_in must be positive, got " + fanIn);
        }
        return new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
    }
}
