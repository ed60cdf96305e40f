package io.github.alexnetdjl.summary;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.github.alexnetdjl.nn.Flatten;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.Softmax;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gives layers the names and types Keras gives them: each DJL block maps to the Keras class it corresponds
 * to ({@code Linear} is a {@code Dense}), and is named after that class in snake case, numbered per name in
 * order of appearance as Keras numbers them: {@code conv2d}, {@code conv2d_1}, … One instance names one
 * summary.
 */
final class KerasNames {

    /** Keras's name for what a LambdaBlock made without a name computes. */
    static final String LAMBDA = "Lambda";

    private static final Map<Class<?>, String> KERAS_CLASSES =
            Map.ofEntries(
                    Map.entry(Conv1d.class, "Conv1D"),
                    Map.entry(Conv2d.class, "Conv2D"),
                    Map.entry(Conv3d.class, "Conv3D"),
                    Map.entry(BatchNorm.class, "BatchNormalization"),
                    Map.entry(LayerNorm.class, "LayerNormalization"),
                    Map.entry(ReLU.class, "ReLU"),
                    Map.entry(MaxPool2d.class, "MaxPooling2D"),
                    Map.entry(Flatten.class, "Flatten"),
                    Map.entry(Linear.class, "Dense"),
                    Map.entry(Dropout.class, "Dropout"),
                    Map.entry(Softmax.class, "Softmax"),
                    Map.entry(SequentialBlock.class, "Sequential"));

    private static final Pattern WORD = Pattern.compile("(.)([A-Z][a-z0-9]+)");
    private static final Pattern CASE_CHANGE = Pattern.compile("([a-z])([A-Z])");

    private final Map<String, Integer> used = new HashMap<>();

    /**
     * Returns the Keras class a block corresponds to: the mapping of its class or the nearest mapped
     * superclass ({@code SameConv2d} is a {@code Conv2D}), {@code Lambda} for a LambdaBlock, otherwise the
     * block's own simple class name.
     */
    static String type(Block block) {
        for (Class<?> c = block.getClass(); c != null; c = c.getSuperclass()) {
            String keras = KERAS_CLASSES.get(c);
            if (keras != null) {
                return keras;
            }
        }
        if (block instanceof LambdaBlock) {
            return LAMBDA;
        }
        String simple = block.getClass().getSimpleName();
        return simple.isEmpty() ? block.getClass().getName().replaceAll(".*[.$]", "") : simple;
    }

    /**
     * Returns the next free Keras name for a block: its Keras class in snake case, or for a LambdaBlock its
     * own name in snake case ({@code lambda} for an unnamed one), numbered from the second use on.
     */
    String next(Block block) {
        String base;
        if (block instanceof LambdaBlock lambda && !LambdaBlock.DEFAULT_NAME.equals(lambda.getName())) {
            base = snakeCase(lambda.getName());
        } else {
            base = snakeCase(type(block));
        }
        return next(base);
    }

    /** Returns {@code base} the first time, then {@code base_1}, {@code base_2}, … */
    String next(String base) {
        int count = used.merge(base, 1, Integer::sum) - 1;
        return count == 0 ? base : base + "_" + count;
    }

    /**
     * Keras's {@code to_snake_case}: {@code BatchNormalization} → {@code batch_normalization}, {@code ReLU} →
     * {@code re_lu}, {@code MaxPooling2D} → {@code max_pooling2d}.
     */
    static String snakeCase(String name) {
        String intermediate = WORD.matcher(name).replaceAll("$1_$2");
        String snake = CASE_CHANGE.matcher(intermediate).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
        if (snake.isEmpty()) {
            return "layer";
        }
        return snake.charAt(0) == '_' ? "private" + snake : snake;
    }
}
