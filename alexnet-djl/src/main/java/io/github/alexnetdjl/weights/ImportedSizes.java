package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.weights.KerasLayerWeights.Kind;
import java.util.List;
import java.util.Map;

/**
 * The widths a weight file was trained with, read from its tensors' shapes, so that the network to load
 * it into can be built to match without the user restating them. The input size cannot be read from the
 * weights (convolutions do not depend on it), so it is given separately.
 *
 * @param filters the five convolutions' filter counts
 * @param denseUnits the widths of fc6 and fc7
 * @param numClasses the width of fc8
 * @param batchNorm whether conv1 and conv2 are followed by BatchNorm (Keras files only)
 */
public record ImportedSizes(int[] filters, int[] denseUnits, int numClasses, boolean batchNorm) {

    /**
     * Reads the sizes from the notebook's Keras layers.
     *
     * @param layers the layers, as {@link KerasWeightsFile#read} returns them
     * @return the sizes
     * @throws WeightFormatException if the file does not have 5 Conv2D and 3 Dense layers
     */
    public static ImportedSizes keras(List<KerasLayerWeights> layers) throws WeightFormatException {
        List<KerasLayerWeights> convs = layers.stream().filter(l -> l.kind() == Kind.CONV).toList();
        List<KerasLayerWeights> denses = layers.stream().filter(l -> l.kind() == Kind.DENSE).toList();
        long norms = layers.stream().filter(l -> l.kind() == Kind.BATCH_NORM).count();
        if (convs.size() != 5 || denses.size() != 3 || (norms != 0 && norms != 2)) {
            throw new WeightFormatException(
                    "the Keras file has " + convs.size() + " Conv2D, " + norms + " BatchNormalization and "
                            + denses.size() + " Dense layers; the notebook's AlexNet has 5, 2 and 3");
        }
        int[] filters = convs.stream().mapToInt(l -> (int) l.weights().get(0).shape().get(3)).toArray();
        int[] units = denses.stream().mapToInt(l -> (int) l.weights().get(0).shape().get(1)).toArray();
        return new ImportedSizes(filters, new int[] {units[0], units[1]}, units[2], norms == 2);
    }

    /**
     * Reads the sizes from a torchvision AlexNet state_dict.
     *
     * @param stateDict the tensors by state_dict key
     * @return the sizes
     * @throws WeightFormatException naming the key, if a weight of torchvision's AlexNet is missing
     */
    public static ImportedSizes torchvision(Map<String, WeightTensor> stateDict) throws WeightFormatException {
        String[] convs = {"features.0", "features.3", "features.6", "features.8", "features.10"};
        int[] filters = new int[convs.length];
        for (int i = 0; i < convs.length; i++) {
            filters[i] = outputs(stateDict, convs[i]);
        }
        return new ImportedSizes(
                filters,
                new int[] {outputs(stateDict, "classifier.1"), outputs(stateDict, "classifier.4")},
                outputs(stateDict, "classifier.6"),
                false);
    }

    /**
     * Returns a configuration of a variant with these widths: filters, fc6 and fc7 units, classes.
     *
     * @param variant the variant's name, one of {@link ModelConfig#VARIANTS}
     * @return a builder, ready for the input shape and the preprocessing
     */
    public ModelConfig.Builder toConfig(String variant) {
        return ModelConfig.builder().optVariant(variant).optFilters(filters)
                .optDenseUnits(denseUnits[0], denseUnits[1]).optNumClasses(numClasses);
    }

    private static int outputs(Map<String, WeightTensor> stateDict, String module) throws WeightFormatException {
        WeightTensor weight = stateDict.get(module + ".weight");
        if (weight == null || weight.shape().dimension() < 2) {
            throw new WeightFormatException(
                    "the state_dict has no " + module + ".weight"
                            + (weight == null ? "" : " of rank 2 or more (got " + weight.shape() + ")")
                            + "; is it torchvision's AlexNet?");
        }
        return (int) weight.shape().get(0);
    }
}
