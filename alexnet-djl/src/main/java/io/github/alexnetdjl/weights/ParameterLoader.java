package io.github.alexnetdjl.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.LibTorch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies tensors into a block's parameters, all or nothing: every parameter must have a tensor of its exact
 * shape and finite values, and every tensor a parameter, before the first value is written. So a file for
 * another architecture, with a tensor missing, extra or misshapen, or with a NaN or an infinity (a diverged
 * training run), leaves the model as it was.
 */
public final class ParameterLoader {

    private ParameterLoader() {}

    /**
     * Validates the tensors against the block's parameters, then sets them.
     *
     * @param block an initialized block
     * @param tensors the tensors by parameter path (e.g. {@code conv1.conv.weight}), in this model's layouts
     * @throws WeightFormatException naming the tensor and both shapes on the first mismatch, or the tensor and
     *     the position of its first NaN or infinity; no parameter has been changed then
     * @throws IllegalStateException if the block is not initialized
     */
    public static void load(Block block, Map<String, WeightTensor> tensors) throws WeightFormatException {
        List<Pair<Parameter, WeightTensor>> plan = new ArrayList<>();
        Set<String> unused = new LinkedHashSet<>(tensors.keySet());
        for (Pair<String, Parameter> pair : block.getParameters()) {
            String path = pair.getKey();
            Parameter parameter = pair.getValue();
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("parameter " + path + " is not initialized; initialize the model first");
            }
            WeightTensor tensor = tensors.get(path);
            if (tensor == null) {
                throw new WeightFormatException(
                        "the file has no tensor for " + path + " " + parameter.getArray().getShape()
                                + "; weights for another architecture?");
            }
            if (!tensor.shape().equals(parameter.getArray().getShape())) {
                throw new WeightFormatException(
                        "tensor " + path + " (file: " + tensor.source() + "): the file has shape "
                                + tensor.shape() + ", the model expects " + parameter.getArray().getShape());
            }
            checkFinite(path, tensor);
            unused.remove(path);
            plan.add(new Pair<>(parameter, tensor));
        }
        if (!unused.isEmpty()) {
            String first = unused.iterator().next();
            throw new WeightFormatException(
                    "the file has tensor " + tensors.get(first).source() + " " + tensors.get(first).shape()
                            + " that this model has no parameter for" + (unused.size() > 1 ? " (and "
                            + (unused.size() - 1) + " more: " + unused + ")" : "")
                            + "; weights for another architecture?");
        }
        for (Pair<Parameter, WeightTensor> step : plan) {
            NDArray array = step.getKey().getArray();
            try (NDManager scratch = array.getManager().newSubManager()) {
                LibTorch.overwrite(array,
                        scratch.create(step.getValue().data(), array.getShape()).toType(array.getDataType(), false));
            }
        }
    }

    private static void checkFinite(String path, WeightTensor tensor) throws WeightFormatException {
        float[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new WeightFormatException(
                        "tensor " + path + " (file: " + tensor.source() + ") holds " + data[i] + " at index " + i
                                + " of " + tensor.shape() + "; only finite weights are imported");
            }
        }
    }
}
