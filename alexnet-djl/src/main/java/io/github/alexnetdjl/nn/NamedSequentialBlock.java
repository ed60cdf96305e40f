package io.github.alexnetdjl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} whose children keep the names they are given, so that parameters get stable,
 * readable paths such as {@code conv1.conv.weight} instead of DJL's positional {@code 01Conv2d_weight}.
 * Checkpoint readers and weight importers rely on these names.
 *
 * <p>In inference each child's input is closed as soon as the next child's output exists (except this
 * block's own input): the native memory goes back to the allocator at once and is reused, still warm, by
 * the next layer, instead of every activation of the batch staying alive until the caller's manager
 * closes. Training keeps them, as autograd and the trainer's manager expect.
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

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (training || isReturnIntermediate()) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDList current = inputs;
        for (Block child : children.values()) {
            NDList next = child.forward(parameterStore, current, false);
            if (current != inputs) {
                closeUnlessReturned(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the intermediate arrays a child did not pass on as they are (an identity layer may). */
    private static void closeUnlessReturned(NDList intermediate, NDList next) {
        for (NDArray array : intermediate) {
            boolean passedOn = false;
            for (NDArray out : next) {
                passedOn |= out == array;
            }
            if (!passedOn) {
                array.close();
            }
        }
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
