package io.github.alexnetdjl.weights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps torchvision's AlexNet state_dict keys onto this library's parameter paths: {@code
 * features.{0,3,6,8,10}} are conv1 to conv5, {@code classifier.{1,4,6}} are fc6 to fc8. PyTorch's layouts
 * (conv OIHW, linear (out, in), NCHW flatten order) are this model's, so tensors pass unchanged.
 */
public final class TorchvisionMapping {

    private static final Map<String, String> MODULES = modules();

    private TorchvisionMapping() {}

    /**
     * Renames a torchvision AlexNet state_dict to parameter paths.
     *
     * @param stateDict the tensors by state_dict key
     * @return the tensors by parameter path, each keeping its state_dict key as source
     * @throws WeightFormatException naming the key, if the state_dict has a tensor torchvision's AlexNet does
     *     not
     */
    public static Map<String, WeightTensor> toParameters(Map<String, WeightTensor> stateDict)
            throws WeightFormatException {
        Map<String, WeightTensor> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, WeightTensor> entry : stateDict.entrySet()) {
            String key = entry.getKey();
            int dot = key.lastIndexOf('.');
            String module = dot < 0 ? null : MODULES.get(key.substring(0, dot));
            String leaf = dot < 0 ? "" : key.substring(dot + 1);
            if (module == null || !(leaf.equals("weight") || leaf.equals("bias"))) {
                throw new WeightFormatException(
                        "the state_dict has tensor " + key + " " + entry.getValue().shape()
                                + ", which torchvision's AlexNet does not have (expected features.{0,3,6,8,10}"
                                + " and classifier.{1,4,6}, .weight and .bias)");
            }
            parameters.put(module + "." + leaf, entry.getValue());
        }
        return parameters;
    }

    private static Map<String, String> modules() {
        Map<String, String> modules = new LinkedHashMap<>();
        String[] features = {"0", "3", "6", "8", "10"};
        for (int i = 0; i < features.length; i++) {
            modules.put("features." + features[i], "conv" + (i + 1) + ".conv");
        }
        String[] classifier = {"1", "4", "6"};
        for (int i = 0; i < classifier.length; i++) {
            modules.put("classifier." + classifier[i], "fc" + (i + 6) + ".dense");
        }
        return Map.copyOf(modules);
    }
}
