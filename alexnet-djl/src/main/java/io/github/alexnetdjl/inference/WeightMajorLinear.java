package io.github.alexnetdjl.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dense layer for inference that multiplies in the weight's own orientation: {@code (W·xᵀ)ᵀ + b} instead of
 * {@code x·Wᵀ + b}. Both are one MKL sgemm over the same numbers with the same sums, but MKL runs the
 * weight-major product about 1.4× faster for a batch of 32 on the AMD development machine (fc6 20 against 28
 * ms). A batch of 1 is a matrix-vector product either way and keeps {@link Linear}'s path. Holds the same
 * weight and bias arrays as the layer it replaces.
 */
final class WeightMajorLinear extends Linear {

    WeightMajorLinear(Linear.Builder builder) {
        super(builder);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (training || input.getShape().dimension() != 2 || input.getShape().get(0) == 1) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        Device device = input.getDevice();
        NDArray weight = parameterStore.getValue(getParameters().get("weight"), device, false);
        NDArray weightMajor = weight.matMul(input.transpose());
        // results join their first operand's manager: this batch's, not the model's, which would keep them
        weightMajor.attach(input.getManager());
        NDArray product = weightMajor.transpose();
        if (!getParameters().contains("bias")) {
            return new NDList(product);
        }
        NDArray bias = parameterStore.getValue(getParameters().get("bias"), device, false);
        return new NDList(product.add(bias));
    }
}
