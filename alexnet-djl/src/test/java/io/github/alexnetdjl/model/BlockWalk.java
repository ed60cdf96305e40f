package io.github.alexnetdjl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/** Walks an AlexNetBlock layer by layer, for the variant tests. */
final class BlockWalk {

    private BlockWalk() {}

    /** Every layer's output shape, keyed "stage/layer", in order, from the blocks' own shape arithmetic. */
    static Map<String, Shape> layerShapes(AlexNetBlock block, Shape input) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Shape shape = input;
        for (String stage : AlexNetBlock.STAGES) {
            for (Pair<String, Block> layer : block.get(stage).getChildren()) {
                shape = layer.getValue().getOutputShapes(new Shape[] {shape})[0];
                shapes.put(stage + "/" + layer.getKey(), shape);
            }
        }
        return shapes;
    }

    /** Runs a real forward pass in inference mode stage by stage, noting each stage's output shape. */
    static NDArray forwardStages(AlexNetBlock block, NDManager manager, NDArray input, Map<String, Shape> shapes) {
        NDArray x = input;
        for (String stage : AlexNetBlock.STAGES) {
            x = block.get(stage).forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            shapes.put(stage, x.getShape());
        }
        return x;
    }

    /** Parameter count of every layer that has parameters, keyed "stage/layer", counted from the arrays. */
    static Map<String, Long> layerCounts(AlexNetBlock block) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String stage : AlexNetBlock.STAGES) {
            for (Pair<String, Block> layer : block.get(stage).getChildren()) {
                long total = 0;
                for (Pair<String, Parameter> p : layer.getValue().getParameters()) {
                    total += p.getValue().getArray().getShape().size();
                }
                if (total > 0) {
                    counts.put(stage + "/" + layer.getKey(), total);
                }
            }
        }
        return counts;
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    static NDArray parameter(AlexNetBlock block, String path) {
        return block.getParameters().get(path).getArray();
    }

    /** Population standard deviation. */
    static double std(NDArray array) {
        return array.sub(array.mean()).square().mean().sqrt().getFloat();
    }
}
