package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.model.TorchvisionKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renames torchvision's AlexNet state_dict keys to this library's parameter paths with {@link
 * TorchvisionKeys} ({@code features.{0,3,6,8,10}} are conv1 to conv5, {@code classifier.{1,4,6}} are fc6
 * to fc8). PyTorch's layouts (conv OIHW, linear (out, in), NCHW flatten order) are this model's, so the
 * tensors pass unchanged.
 */
public final class TorchvisionMapping {

    private TorchvisionMapping() {}

    /**
     * Renames a torchvision AlexNet state_dict to parameter paths.
     *
     * @param stateDict the tensors by state_dict key
     * @return the tensors by parameter path, each keeping its state_dict key as source
     * @throws WeightFormatException naming the key and its shape, if the state_dict has a tensor
     *     torchvision's AlexNet does not
     */
    public static Map<String, WeightTensor> toParameters(Map<String, WeightTensor> stateDict)
            throws WeightFormatException {
        Map<String, WeightTensor> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, WeightTensor> entry : stateDict.entrySet()) {
            try {
                parameters.put(TorchvisionKeys.fromTorchvision(entry.getKey()), entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new WeightFormatException(
                        "the state_dict has tensor " + entry.getKey() + " " + entry.getValue().shape()
                                + ", which torchvision's AlexNet does not have: " + e.getMessage(),
                        e);
            }
        }
        return parameters;
    }
}
