package io.github.alexnetdjl.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/**
 * A {@link SequentialBlock} whose children keep the names they are given, so that parameters get stable,
 * readable paths such as {@code conv1.conv.weight} instead of DJL's positional {@code 01Conv2d_weight}.
 * Checkpoint readers and weight importers rely on these names.
 *
 * <pre>{@code
 * NamedSequentialBlock stage = new NamedSequentialBlock()
 *         .add("conv", Conv2d.builder().setFilters(96).setKernelShape(new Shape(11, 11)).build())
 *         .add("relu", new ReLU());
 * }</pre>
 */
public class NamedSequentialBlock extends SequentialBlock {

    /** Separates the levels of a parameter path. */
    public static final String SEPARATOR = ".";

    /** Creates an empty block. */
    public NamedSequentialBlock() {}

    /**
     * Appends a child under the given name.
     *
     * @param name the child's name, unique within this block
     * @param block the child
     * @return this block
     * @throws IllegalArgumentException if a child of that name exists already
     */
    public NamedSequentialBlock add(String name, Block block) {
        if (children.contains(name)) {
            throw new IllegalArgumentException("A child named '" + name + "' exists already");
        }
        children.add(name, block);
        return this;
    }

    /**
     * Returns the child of the given name.
     *
     * @param name the child's name
     * @return the child
     * @throws IllegalArgumentException if there is none
     */
    public Block get(String name) {
        Block child = children.get(name);
        if (child == null) {
            throw new IllegalArgumentException(
                    "No child named '" + name + "'; the children are " + children.keys());
        }
        return child;
    }

    /** {@inheritDoc} Paths are joined with {@value #SEPARATOR}. */
    @Override
    public ParameterList getParameters() {
        ParameterList all = getDirectParameters();
        for (Pair<String, Block> child : getChildren()) {
            for (Pair<String, Parameter> parameter : child.getValue().getParameters()) {
                all.add(child.getKey() + SEPARATOR + parameter.getKey(), parameter.getValue());
            }
        }
        return all;
    }
}
