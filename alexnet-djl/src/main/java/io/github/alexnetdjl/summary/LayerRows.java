package io.github.alexnetdjl.summary;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a block into the rows of its summary: an input row, then one row per layer (or per stage), with
 * output shapes from {@link LayerShapes} (an AlexNetBlock's spec, or the blocks' own shape arithmetic for
 * other blocks), so nothing runs.
 *
 * <p>SequentialBlocks are containers: their children are walked in order. Every other block is a layer.
 * The root's child named {@value #OUTPUT} is named {@code <model>_output}, as the notebook names its softmax.
 */
final class LayerRows {

    /** The name of the root's child that gets the model's output name. */
    static final String OUTPUT = "output";

    private final String modelName;
    private final boolean stages;
    private final LayerShapes shapes;
    private final KerasNames names = new KerasNames();
    private final List<SummaryRow> rows = new ArrayList<>();

    private LayerRows(String modelName, boolean stages, LayerShapes shapes) {
        this.modelName = modelName;
        this.stages = stages;
        this.shapes = shapes;
    }

    /**
     * Lists the rows of a block's summary.
     *
     * @param root the model's block, initialized
     * @param input the input shape, batch axis first
     * @param modelName the model's name, which prefixes the input and output rows
     * @param stages whether a SequentialBlock directly under the root gets one row instead of one per layer
     */
    static List<SummaryRow> of(Block root, Shape input, String modelName, boolean stages) {
        LayerRows walk = new LayerRows(modelName, stages, LayerShapes.of(root, input));
        walk.rows.add(new SummaryRow(modelName + "_input", "InputLayer", List.of(input), true, 0, false, true));
        Shape[] in = {input};
        if (root instanceof SequentialBlock sequential) {
            for (Pair<String, Block> child : sequential.getChildren()) {
                in = walk.child(sequential, child.getKey(), child.getValue(), in);
            }
        } else {
            walk.layer(walk.names.next(root), "", root, in);
        }
        return Collections.unmodifiableList(walk.rows);
    }

    private Shape[] child(SequentialBlock root, String key, Block block, Shape[] in) {
        boolean named = root instanceof NamedSequentialBlock;
        if (block instanceof SequentialBlock stage) {
            if (stages) {
                Shape[] out = stageShapes(key, stage, in);
                rows.add(row(named ? key : names.next(block), KerasNames.type(block), block, out));
                return out;
            }
            return leaves(key, stage, in);
        }
        String name = named && OUTPUT.equals(key) ? modelName + "_" + OUTPUT : names.next(block);
        return layer(name, key, block, in);
    }

    private Shape[] leaves(String prefix, SequentialBlock container, Shape[] in) {
        Shape[] current = in;
        for (Pair<String, Block> child : container.getChildren()) {
            String path = prefix + "." + child.getKey();
            current =
                    child.getValue() instanceof SequentialBlock inner
                            ? leaves(path, inner, current)
                            : layer(names.next(child.getValue()), path, child.getValue(), current);
        }
        return current;
    }

    private Shape[] layer(String name, String path, Block block, Shape[] in) {
        Shape[] out = shapes.after(path, name, block, in);
        rows.add(row(name, KerasNames.type(block), block, out));
        return out;
    }

    private Shape[] stageShapes(String prefix, SequentialBlock container, Shape[] in) {
        Shape[] current = in;
        for (Pair<String, Block> child : container.getChildren()) {
            String path = prefix + "." + child.getKey();
            current =
                    child.getValue() instanceof SequentialBlock inner
                            ? stageShapes(path, inner, current)
                            : shapes.after(path, child.getKey(), child.getValue(), current);
        }
        return current;
    }

    private static SummaryRow row(String name, String type, Block block, Shape[] out) {
        long params = 0;
        boolean trainable = false;
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (Parameter parameter : block.getParameters().values()) {
            if (seen.put(parameter, Boolean.TRUE) == null) {
                params += parameter.getArray().getShape().size();
                trainable |= parameter.requiresGradient();
            }
        }
        boolean hasParameters = !seen.isEmpty();
        return new SummaryRow(name, type, List.of(out), false, params, hasParameters, trainable || !hasParameters);
    }
}
