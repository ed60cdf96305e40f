package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.weights.KerasLayerWeights.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps the notebook's Keras layers onto {@link AlexNetBlock}'s parameter paths. Layers are matched by
 * order and by what their weights are (conv: 4-d kernel and bias; BatchNorm: four vectors; dense: 2-d
 * kernel and bias), never by name alone: Keras numbers its names per session ({@code conv2d_7}), so the
 * i-th convolution layer in model order becomes {@code conv<i>}, the BatchNorms go to the stages that have
 * one, and the three dense layers become fc6, fc7 and fc8. Shapes are then checked by {@link
 * ParameterLoader}.
 *
 * <ul>
 *   <li>Conv2D kernel (kh, kw, in, out), "HWIO" → (out, in, kh, kw), "OIHW"; bias as is.
 *   <li>BatchNormalization gamma, beta, moving_mean, moving_variance → gamma, beta, runningMean,
 *       runningVar.
 *   <li>Dense kernel (in, out) → (out, in); bias as is.
 *   <li>fc6: Keras flattens conv5's NHWC map in (h, w, c) order, this model flattens NCHW in (c, h, w)
 *       order, so fc6's input columns are permuted accordingly.
 * </ul>
 */
public final class KerasMapping {

    private static final List<String> CONVS = List.of("conv1", "conv2", "conv3", "conv4", "conv5");
    private static final List<String> DENSES = List.of("fc6", "fc7", "fc8");
    private static final List<String> BN_PARAMS = List.of("gamma", "beta", "runningMean", "runningVar");

    private KerasMapping() {}

    /**
     * Maps Keras layers onto the block's parameter paths.
     *
     * @param layers the layers in model order, as {@link KerasWeightsFile#read} returns them
     * @param block the network the weights are for (its sizes determine fc6's permutation)
     * @return the tensors by parameter path, in this model's layouts
     * @throws WeightFormatException if the file does not have this network's layers
     */
    public static Map<String, WeightTensor> toParameters(List<KerasLayerWeights> layers, AlexNetBlock block)
            throws WeightFormatException {
        List<KerasLayerWeights> convs = ofKind(layers, Kind.CONV);
        List<KerasLayerWeights> norms = ofKind(layers, Kind.BATCH_NORM);
        List<KerasLayerWeights> denses = ofKind(layers, Kind.DENSE);
        List<KerasLayerWeights> others = ofKind(layers, Kind.OTHER);
        if (!others.isEmpty()) {
            throw new WeightFormatException(
                    "Keras layer " + others.get(0).name() + " has weights " + shapes(others.get(0))
                            + ", which are neither Conv2D, BatchNormalization nor Dense");
        }
        List<String> normStages = new ArrayList<>();
        for (String stage : CONVS) {
            if (block.getParameters().keys().contains(stage + ".bn.gamma")) {
                normStages.add(stage);
            }
        }
        expect("Conv2D", convs, CONVS.size());
        expect("BatchNormalization", norms, normStages.size());
        expect("Dense", denses, DENSES.size());

        Map<String, WeightTensor> parameters = new LinkedHashMap<>();
        for (int i = 0; i < CONVS.size(); i++) {
            List<WeightTensor> w = convs.get(i).weights();
            parameters.put(CONVS.get(i) + ".conv.weight", w.get(0).transpose(3, 2, 0, 1));
            parameters.put(CONVS.get(i) + ".conv.bias", w.get(1));
        }
        for (int i = 0; i < normStages.size(); i++) {
            List<WeightTensor> w = norms.get(i).weights();
            for (int j = 0; j < BN_PARAMS.size(); j++) {
                parameters.put(normStages.get(i) + ".bn." + BN_PARAMS.get(j), w.get(j));
            }
        }
        for (int i = 0; i < DENSES.size(); i++) {
            List<WeightTensor> w = denses.get(i).weights();
            WeightTensor kernel = i == 0 ? fc6Kernel(w.get(0), block) : w.get(0).transpose(1, 0);
            parameters.put(DENSES.get(i) + ".dense.weight", kernel);
            parameters.put(DENSES.get(i) + ".dense.bias", w.get(1));
        }
        return parameters;
    }

    /** (h * w * c, out) in Keras's flatten order → (out, c * h * w) in this model's. */
    private static WeightTensor fc6Kernel(WeightTensor kernel, AlexNetBlock block) throws WeightFormatException {
        Shape map = block.getInputShape(1);
        for (String stage : CONVS) {
            map = block.get(stage).getOutputShapes(new Shape[] {map})[0];
        }
        long c = map.get(1);
        long h = map.get(2);
        long w = map.get(3);
        long out = kernel.shape().get(1);
        if (kernel.shape().get(0) != c * h * w) {
            throw new WeightFormatException(
                    "tensor fc6.dense.weight (Keras " + kernel.source() + "): the file has " + kernel.shape()
                            + " (in, out), the model expects (" + c * h * w + ", " + out + ") for conv5's "
                            + "(" + c + ", " + h + ", " + w + ") map; an other input size or width?");
        }
        WeightTensor hwcOut = new WeightTensor(kernel.source(), new Shape(h, w, c, out), kernel.data());
        WeightTensor outChw = hwcOut.transpose(3, 2, 0, 1);
        return new WeightTensor(kernel.source(), new Shape(out, c * h * w), outChw.data());
    }

    private static List<KerasLayerWeights> ofKind(List<KerasLayerWeights> layers, Kind kind) {
        return layers.stream().filter(l -> l.kind() == kind).collect(Collectors.toList());
    }

    private static void expect(String what, List<KerasLayerWeights> found, int expected)
            throws WeightFormatException {
        if (found.size() != expected) {
            throw new WeightFormatException(
                    "the Keras file has " + found.size() + " " + what + " layers "
                            + found.stream().map(KerasLayerWeights::name).collect(Collectors.toList())
                            + ", this model expects " + expected + "; weights for another architecture?");
        }
    }

    private static String shapes(KerasLayerWeights layer) {
        return layer.weights().stream().map(w -> w.shape().toString()).collect(Collectors.joining(", "));
    }
}
