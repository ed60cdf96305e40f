package io.github.alexnetdjl.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-to-one map between the parameter paths of {@link Variant#TORCHVISION} and the keys of {@code
 * torchvision.models.alexnet().state_dict()}, for importing torchvision's weights. torchvision numbers the
 * modules of its {@code features} and {@code classifier} sequences, parameterless ones included:
 *
 * <pre>
 * conv1.conv  features.0       fc6.dense  classifier.1
 * conv2.conv  features.3       fc7.dense  classifier.4
 * conv3.conv  features.6       fc8.dense  classifier.6
 * conv4.conv  features.8
 * conv5.conv  features.10
 * </pre>
 *
 * <p>each with {@code .weight} and {@code .bias}. The shapes agree too: PyTorch's Conv2d weight is (out, in,
 * kh, kw) and its Linear weight (out, in), as DJL's; fc6's inputs are flattened in the same (c, h, w) order.
 */
public final class TorchvisionKeys {

    private static final Map<String, String> TO_TORCHVISION = new LinkedHashMap<>();
    private static final Map<String, String> FROM_TORCHVISION = new LinkedHashMap<>();

    static {
        String[] ours = {"conv1.conv", "conv2.conv", "conv3.conv", "conv4.conv", "conv5.conv",
            "fc6.dense", "fc7.dense", "fc8.dense"};
        String[] theirs = {"features.0", "features.3", "features.6", "features.8", "features.10",
            "classifier.1", "classifier.4", "classifier.6"};
        for (int i = 0; i < ours.length; i++) {
            for (String kind : new String[] {".weight", ".bias"}) {
                TO_TORCHVISION.put(ours[i] + kind, theirs[i] + kind);
                FROM_TORCHVISION.put(theirs[i] + kind, ours[i] + kind);
            }
        }
    }

    private TorchvisionKeys() {}

    /**
     * Returns the torchvision state_dict key of one of our parameter paths, e.g. {@code features.0.weight}
     * for {@code conv1.conv.weight}.
     *
     * @param parameterPath a parameter path of the TORCHVISION variant
     * @return the torchvision key
     * @throws IllegalArgumentException if the path is not one of the 16 parameters
     */
    public static String toTorchvision(String parameterPath) {
        return lookUp(TO_TORCHVISION, parameterPath, "parameter path");
    }

    /**
     * Returns our parameter path for a torchvision state_dict key, e.g. {@code fc8.dense.bias} for {@code
     * classifier.6.bias}.
     *
     * @param torchvisionKey a key of torchvision's AlexNet state_dict
     * @return our parameter path
     * @throws IllegalArgumentException if the key is not one of the 16 parameters
     */
    public static String fromTorchvision(String torchvisionKey) {
        return lookUp(FROM_TORCHVISION, torchvisionKey, "torchvision key");
    }

    /**
     * Returns the whole map, our paths to torchvision's keys, in the order of the network.
     *
     * @return an unmodifiable map of 16 entries
     */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(TO_TORCHVISION);
    }

    private static String lookUp(Map<String, String> map, String key, String what) {
        String value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "no AlexNet " + what + " '" + key + "'; expected one of " + map.keySet());
        }
        return value;
    }
}
