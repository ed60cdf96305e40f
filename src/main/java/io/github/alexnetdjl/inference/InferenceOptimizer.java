package io.github.alexnetdjl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.List;

/**
 * Rewrites a trained network for inference. {@link #foldBatchNorm(Block, NDManager)} folds every BatchNorm
 * that directly follows a 2-D convolution into that convolution's weight and bias: in inference BatchNorm is
 * a per-channel affine map {@code y = a·x + c} on its moving statistics, so {@code conv(x)·a + c} is one
 * convolution with weight {@code W·a} and bias {@code b·a + c}. That saves a full pass over the largest
 * activations (conv1's output is 38 MB at batch 32).
 *
 * <pre>{@code
 * NamedSequentialBlock fast = InferenceOptimizer.foldBatchNorm(alexnet.getBlock(), manager);
 * NDList probabilities = fast.forward(new ParameterStore(manager, false), new NDList(images), false);
 * }</pre>
 *
 * <p>The returned block is for inference only: it shares every parameter except the folded ones with the
 * original, and training it would not train BatchNorm.
 */
public final class InferenceOptimizer {

    /** Probe inputs ±{@value} read BatchNorm's slope with float32 rounding relative to the slope itself. */
    private static final float PROBE = 4096f;

    private InferenceOptimizer() {}

    /**
     * Returns an equivalent network without the BatchNorms that follow 2-D convolutions. Children keep their
     * names; a folded stage reads {@code conv, relu, pool} where it read {@code conv, bn, relu, pool}.
     *
     * @param block an initialized network of (nested) sequential blocks
     * @param manager the manager that will own the folded weights, usually the model's
     * @return a new network computing the same outputs in inference mode
     * @throws IllegalArgumentException if the block is not a sequential block or not initialized
     */
    public static NamedSequentialBlock foldBatchNorm(Block block, NDManager manager) {
        if (!(block instanceof SequentialBlock)) {
            throw new IllegalArgumentException(
                    "foldBatchNorm expects a sequential block, got " + block.getClass().getName());
        }
        if (!block.isInitialized() || ((SequentialBlock) block).getInputShapes() == null) {
            throw new IllegalArgumentException("foldBatchNorm expects an initialized block");
        }
        NamedSequentialBlock folded = foldChildren(block, manager);
        DataType type = block.getParameters().valueAt(0).getArray().getDataType();
        folded.initialize(manager, type, ((SequentialBlock) block).getInputShapes());
        return folded;
    }

    private static NamedSequentialBlock foldChildren(Block block, NDManager manager) {
        NamedSequentialBlock folded = new NamedSequentialBlock();
        List<Pair<String, Block>> children = block.getChildren().stream().toList();
        for (int i = 0; i < children.size(); i++) {
            String name = children.get(i).getKey();
            Block child = children.get(i).getValue();
            Block next = i + 1 < children.size() ? children.get(i + 1).getValue() : null;
            if (child instanceof Conv2d && next instanceof BatchNorm) {
                folded.add(name, fold((Conv2d) child, (BatchNorm) next, manager));
                i++; // the BatchNorm is now part of the convolution
            } else if (child instanceof SequentialBlock && hasFoldable(child)) {
                folded.add(name, foldChildren(child, manager));
            } else {
                folded.add(name, child); // shared: same parameters
            }
        }
        return folded;
    }

    private static boolean hasFoldable(Block block) {
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            if (child instanceof Conv2d && i + 1 < children.size() && children.get(i + 1) instanceof BatchNorm) {
                return true;
            }
            if (child instanceof SequentialBlock && hasFoldable(child)) {
                return true;
            }
        }
        return false;
    }

    private static Conv2d fold(Conv2d conv, BatchNorm norm, NDManager manager) {
        NDArray weight = conv.getParameters().get("weight").getArray();
        long channels = weight.getShape().get(0);
        NDList affine = batchNormAffine(norm, channels, weight.getDataType(), manager);
        NDArray scale = affine.get(0);
        NDArray shift = affine.get(1);
        NDArray newWeight = weight.mul(scale.reshape(channels, 1, 1, 1));
        NDArray newBias =
                conv.isIncludeBias()
                        ? conv.getParameters().get("bias").getArray().mul(scale).add(shift)
                        : shift.duplicate();
        newWeight.attach(manager);
        newBias.attach(manager);
        scale.close();
        shift.close();
        Conv2d copy = copyOf(conv);
        copy.setInitializer((m, shape, type) -> newWeight, "weight");
        copy.setInitializer((m, shape, type) -> newBias, "bias");
        copy.initialize(manager, weight.getDataType(), conv.getInputShapes());
        return copy;
    }

    /**
     * Returns BatchNorm's inference map {@code y = a·x + c} per channel, read by running the block on three
     * probe values: exact for whatever epsilon, centring and scaling it was built with (DJL exposes
     * none of them).
     *
     * @param norm an initialized BatchNorm over axis 1
     * @param channels the number of channels it normalizes
     * @param type the data type of the returned arrays
     * @param manager the manager that will own them
     * @return the slopes {@code a} and the intercepts {@code c}, each of shape (channels)
     */
    public static NDList batchNormAffine(BatchNorm norm, long channels, DataType type, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray probe =
                    scope.create(new float[] {-PROBE, 0f, PROBE})
                            .toType(type, false)
                            .reshape(3, 1, 1, 1)
                            .broadcast(new Shape(3, channels, 1, 1))
                            .toDevice(norm.getParameters().get("gamma").getArray().getDevice(), false);
            NDArray out =
                    norm.forward(new ParameterStore(scope, false), new NDList(probe), false)
                            .singletonOrThrow()
                            .reshape(3, channels);
            NDArray scale = out.get(2).sub(out.get(0)).div(2 * PROBE);
            NDArray shift = out.get(1).duplicate();
            scale.attach(manager);
            shift.attach(manager);
            return new NDList(scale, shift);
        }
    }

    /** A fresh, uninitialized convolution with the same configuration and a bias. */
    private static Conv2d copyOf(Conv2d conv) {
        if (conv instanceof SameConv2d) {
            return new SameConv2d(
                    conv.getFilters(),
                    (int) conv.getKernelShape().get(0),
                    (int) conv.getStride().get(0),
                    conv.getGroups());
        }
        return Conv2d.builder()
                .setFilters(conv.getFilters())
                .setKernelShape(conv.getKernelShape())
                .optStride(conv.getStride())
                .optPadding(conv.getPadding())
                .optDilation(conv.getDilation())
                .optGroups(conv.getGroups())
                .optBias(true)
                .build();
    }
}
