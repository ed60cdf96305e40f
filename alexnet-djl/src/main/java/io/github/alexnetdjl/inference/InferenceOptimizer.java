package io.github.alexnetdjl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rewrites a trained network for inference, each rewrite exact up to float rounding. {@link #optimize} applies
 * all of them:
 *
 * <ul>
 *   <li>{@link #foldBatchNorm(Block, NDManager)} folds every BatchNorm that directly follows a 2-D convolution
 *       into that convolution's weight and bias: in inference BatchNorm is a per-channel affine map {@code y =
 *       a·x + c} on its moving statistics, so {@code conv(x)·a + c} is one convolution with weight {@code W·a}
 *       and bias {@code b·a + c}. That saves a full pass over the largest activations (conv1's output is 38 MB
 *       at batch 32).
 *   <li>{@link #channelsLast(Block, NDManager)} stores the convolutions' weights channels-last, so that the
 *       activations are computed and pooled channels-last.
 *   <li>{@link #weightMajorDense(Block, NDManager)} computes the dense layers as {@code (W·xᵀ)ᵀ + b}.
 * </ul>
 *
 * <pre>{@code
 * NamedSequentialBlock fast = InferenceOptimizer.optimize(alexnet.getBlock(), manager);
 * NDList probabilities = fast.forward(new ParameterStore(manager, false), new NDList(images), false);
 * }</pre>
 *
 * <p>The returned blocks are for inference only: they share every parameter they do not rewrite with the
 * original, and training them would not train BatchNorm.
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
        return initialized(foldChildren(checked(block, "foldBatchNorm"), manager), block, manager);
    }

    /**
     * Returns an equivalent network whose 2-D convolutions hold their weights channels-last (NHWC in memory).
     * libtorch then computes each convolution's output channels-last (oneDNN's own layout, no reorder), and
     * the element-wise layers and pools after it keep that layout; its max-pool over channels-last input is
     * vectorized across channels, where over NCHW input it visits one window at a time and also writes the
     * argmax indices. Flatten's reshape reads the NCHW order, so the outputs are the same. Children keep
     * their names; the convolutions are copies, every other layer is shared.
     *
     * @param block an initialized network of (nested) sequential blocks, folded or not
     * @param manager the manager that will own the copied weights, usually the model's
     * @return a new network computing the same outputs in inference mode
     * @throws IllegalArgumentException if the block is not a sequential block or not initialized
     */
    public static NamedSequentialBlock channelsLast(Block block, NDManager manager) {
        return initialized(mapLayers(checked(block, "channelsLast"),
                layer -> layer instanceof Conv2d ? channelsLastCopy((Conv2d) layer, manager) : layer), block, manager);
    }

    /**
     * Returns an equivalent network whose dense layers multiply in their weight's orientation, {@code
     * (W·xᵀ)ᵀ + b}, for batches of more than one: the same MKL product with the same sums, faster on the AMD
     * development machine (docs/benchmarks.md). The new layers share the weight and bias arrays.
     *
     * @param block an initialized network of (nested) sequential blocks
     * @param manager the manager of the rewritten network
     * @return a new network computing the same outputs in inference mode
     * @throws IllegalArgumentException if the block is not a sequential block or not initialized
     */
    public static NamedSequentialBlock weightMajorDense(Block block, NDManager manager) {
        return initialized(mapLayers(checked(block, "weightMajorDense"),
                layer -> layer instanceof Linear ? weightMajor((Linear) layer, manager) : layer), block, manager);
    }

    /**
     * Returns the network as inference runs it fastest: BatchNorm folded ({@link #foldBatchNorm}),
     * convolution weights channels-last ({@link #channelsLast}), dense layers weight-major ({@link
     * #weightMajorDense}).
     *
     * @param block an initialized network of (nested) sequential blocks
     * @param manager the manager that will own the new weights, usually the model's
     * @return a new network computing the same outputs in inference mode
     * @throws IllegalArgumentException if the block is not a sequential block or not initialized
     */
    public static NamedSequentialBlock optimize(Block block, NDManager manager) {
        return weightMajorDense(channelsLast(foldBatchNorm(block, manager), manager), manager);
    }

    private static Block checked(Block block, String method) {
        if (!(block instanceof SequentialBlock)) {
            throw new IllegalArgumentException(
                    method + " expects a sequential block, got " + block.getClass().getName());
        }
        if (!block.isInitialized() || ((SequentialBlock) block).getInputShapes() == null) {
            throw new IllegalArgumentException(method + " expects an initialized block");
        }
        return block;
    }

    /** Initializes the new blocks of a rewritten network; the shared ones are initialized already. */
    private static NamedSequentialBlock initialized(NamedSequentialBlock rewritten, Block original, NDManager manager) {
        DataType type = original.getParameters().valueAt(0).getArray().getDataType();
        rewritten.initialize(manager, type, original.getInputShapes());
        return rewritten;
    }

    /** Copies the sequential structure, each leaf layer replaced by what {@code map} returns for it. */
    private static NamedSequentialBlock mapLayers(Block block, UnaryOperator<Block> map) {
        NamedSequentialBlock mapped = new NamedSequentialBlock();
        for (Pair<String, Block> child : block.getChildren()) {
            Block value = child.getValue();
            mapped.add(child.getKey(), value instanceof SequentialBlock ? mapLayers(value, map) : map.apply(value));
        }
        return mapped;
    }

    private static Linear weightMajor(Linear dense, NDManager manager) {
        NDArray weight = dense.getParameters().get("weight").getArray();
        boolean hasBias = dense.getParameters().contains("bias");
        WeightMajorLinear copy = new WeightMajorLinear(
                Linear.builder().setUnits(weight.getShape().get(0)).optBias(hasBias));
        copy.setInitializer((m, shape, type) -> weight, "weight");
        if (hasBias) {
            NDArray bias = dense.getParameters().get("bias").getArray();
            copy.setInitializer((m, shape, type) -> bias, "bias");
        }
        copy.initialize(manager, weight.getDataType(), dense.getInputShapes());
        return copy;
    }

    private static Conv2d channelsLastCopy(Conv2d conv, NDManager manager) {
        NDArray weight = conv.getParameters().get("weight").getArray();
        Shape shape = weight.getShape();
        NDArray permuted = weight.transpose(0, 2, 3, 1);
        // (O, kh, kw, I) cannot be viewed as (O·kh·kw, I): reshape copies it in that order
        NDArray packed = permuted.reshape(shape.get(0) * shape.get(2) * shape.get(3), shape.get(1));
        NDArray unpacked = packed.reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1));
        NDArray nhwc = unpacked.transpose(0, 3, 1, 2); // a view: the storage outlives the handles closed below
        nhwc.attach(manager);
        permuted.close();
        packed.close();
        unpacked.close();
        NDArray bias = conv.isIncludeBias() ? conv.getParameters().get("bias").getArray().duplicate() : null;
        if (bias != null) {
            bias.attach(manager);
        }
        return initializedCopy(conv, nhwc, bias, manager);
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
        return initializedCopy(conv, newWeight, newBias, manager);
    }

    /** A copy of the convolution holding the given weight and bias (none: no bias), initialized. */
    private static Conv2d initializedCopy(Conv2d conv, NDArray weight, NDArray bias, NDManager manager) {
        Conv2d copy = copyOf(conv, bias != null);
        copy.setInitializer((m, shape, type) -> weight, "weight");
        if (bias != null) {
            copy.setInitializer((m, shape, type) -> bias, "bias");
        }
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

    /** A fresh, uninitialized convolution with the same configuration, with or without a bias. */
    private static Conv2d copyOf(Conv2d conv, boolean bias) {
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
                .optBias(bias)
                .build();
    }
}
