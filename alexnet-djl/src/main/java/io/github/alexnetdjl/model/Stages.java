package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import io.github.alexnetdjl.nn.AdaptiveAvgPool2d;
import io.github.alexnetdjl.nn.Flatten;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the eight stages (conv1 to fc8) of each {@link Variant}, with each layer's own initializers. Every
 * variant names its children alike (conv, bn, relu, lrn, pool, avgpool, flatten, dropout, dense), so that
 * parameter paths are the same whichever network was built.
 */
final class Stages {

    // conv1..conv5 of the paper and of torchvision: kernels, strides and explicit paddings as published
    private static final int[] KERNELS = {11, 5, 3, 3, 3};
    private static final int[] STRIDES = {4, 1, 1, 1, 1};
    private static final int[] PAPER_PADDING = {0, 2, 1, 1, 1};
    private static final int[] TORCHVISION_PADDING = {2, 2, 1, 1, 1};
    // the paper's two-GPU split: conv2, conv4 and conv5 only see the half of their input on their own GPU
    private static final int[] PAPER_GROUPS = {1, 2, 1, 2, 2};
    // section 5: "the neuron biases in the second, fourth, and fifth convolutional layers, as well as in the
    // fully-connected hidden layers" start at 1, to give the ReLUs positive inputs early on
    private static final boolean[] PAPER_BIAS_ONE = {false, true, false, true, true};
    private static final int POOL_SIZE = 3;
    private static final int POOL_STRIDE = 2;
    private static final int TORCHVISION_POOLED_SIDE = 6;

    private Stages() {}

    static List<NamedSequentialBlock> of(AlexNetBlock.Builder b) {
        switch (b.variant()) {
            case PAPER:
                return paper(b);
            case TORCHVISION:
                return torchvision(b);
            default:
                return seed(b);
        }
    }

    private static boolean pooled(int conv) {
        return conv == 0 || conv == 1 || conv == 4;
    }

    private static List<NamedSequentialBlock> seed(AlexNetBlock.Builder b) {
        List<NamedSequentialBlock> stages = new ArrayList<>();
        int[] filters = b.filters();
        for (int i = 0; i < 5; i++) {
            NamedSequentialBlock stage = new NamedSequentialBlock();
            stage.add("conv", new SameConv2d(filters[i], b.kernels()[i], b.strides()[i], 1));
            if (b.batchNorm() && i < 2) {
                stage.add(
                        "bn",
                        BatchNorm.builder()
                                .optEpsilon(b.batchNormEpsilon())
                                .optMomentum(b.batchNormMomentum())
                                .build());
            }
            stage.add("relu", new ReLU());
            if (pooled(i)) {
                stage.add("pool", new MaxPool2d(b.poolSize(), b.poolStride()));
            }
            stages.add(stage);
        }
        int[] units = b.denseUnits();
        stages.add(new NamedSequentialBlock().add("flatten", new Flatten())
                .add("dense", dense(units[0])).add("relu", new ReLU()).add("dropout", dropout(b)));
        stages.add(new NamedSequentialBlock()
                .add("dense", dense(units[1])).add("relu", new ReLU()).add("dropout", dropout(b)));
        stages.add(new NamedSequentialBlock().add("dense", dense(b.numClasses())));
        // Keras's kernels start glorot_uniform; biases (zeros) and BatchNorm keep DJL's defaults, Keras's too
        for (NamedSequentialBlock stage : stages) {
            stage.setInitializer(Initializers.kerasGlorotUniform(), Parameter.Type.WEIGHT);
        }
        return stages;
    }

    private static List<NamedSequentialBlock> paper(AlexNetBlock.Builder b) {
        List<NamedSequentialBlock> stages = new ArrayList<>();
        int[] filters = b.filters();
        Initializer gaussian = Initializers.paperGaussian();
        for (int i = 0; i < 5; i++) {
            NamedSequentialBlock stage = new NamedSequentialBlock();
            Conv2d conv = conv(filters[i], i, PAPER_PADDING[i], PAPER_GROUPS[i]);
            stage.add("conv", init(conv, gaussian, PAPER_BIAS_ONE[i] ? Initializer.ONES : Initializer.ZEROS));
            stage.add("relu", new ReLU());
            if (i < 2) {
                stage.add("lrn", LocalResponseNormalization.builder().optScaling(b.lrnScaling()).build());
            }
            if (pooled(i)) {
                stage.add("pool", new MaxPool2d(POOL_SIZE, POOL_STRIDE));
            }
            stages.add(stage);
        }
        int[] units = b.denseUnits();
        stages.add(new NamedSequentialBlock().add("flatten", new Flatten())
                .add("dense", init(dense(units[0]), gaussian, Initializer.ONES))
                .add("relu", new ReLU()).add("dropout", dropout(b)));
        stages.add(new NamedSequentialBlock()
                .add("dense", init(dense(units[1]), gaussian, Initializer.ONES))
                .add("relu", new ReLU()).add("dropout", dropout(b)));
        stages.add(new NamedSequentialBlock()
                .add("dense", init(dense(b.numClasses()), gaussian, Initializer.ZEROS)));
        return stages;
    }

    private static List<NamedSequentialBlock> torchvision(AlexNetBlock.Builder b) {
        List<NamedSequentialBlock> stages = new ArrayList<>();
        int[] filters = b.filters();
        long inputs = b.channels();
        for (int i = 0; i < 5; i++) {
            NamedSequentialBlock stage = new NamedSequentialBlock();
            Conv2d conv = conv(filters[i], i, TORCHVISION_PADDING[i], 1);
            stage.add("conv", pytorchDefault(conv, inputs * KERNELS[i] * KERNELS[i]));
            stage.add("relu", new ReLU());
            if (pooled(i)) {
                stage.add("pool", new MaxPool2d(POOL_SIZE, POOL_STRIDE));
            }
            if (i == 4) {
                stage.add("avgpool", new AdaptiveAvgPool2d(TORCHVISION_POOLED_SIDE, TORCHVISION_POOLED_SIDE));
            }
            stages.add(stage);
            inputs = filters[i];
        }
        int[] units = b.denseUnits();
        long flattened = inputs * TORCHVISION_POOLED_SIDE * TORCHVISION_POOLED_SIDE;
        // torchvision drops out the inputs of fc6 and fc7, not their outputs as the paper does
        stages.add(new NamedSequentialBlock().add("flatten", new Flatten()).add("dropout", dropout(b))
                .add("dense", pytorchDefault(dense(units[0]), flattened)).add("relu", new ReLU()));
        stages.add(new NamedSequentialBlock().add("dropout", dropout(b))
                .add("dense", pytorchDefault(dense(units[1]), units[0])).add("relu", new ReLU()));
        stages.add(new NamedSequentialBlock()
                .add("dense", pytorchDefault(dense(b.numClasses()), units[1])));
        return stages;
    }

    private static Conv2d conv(int filters, int index, int padding, int groups) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(KERNELS[index], KERNELS[index]))
                .optStride(new Shape(STRIDES[index], STRIDES[index]))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .build();
    }

    private static Linear dense(int units) {
        return Linear.builder().setUnits(units).build();
    }

    private static Dropout dropout(AlexNetBlock.Builder b) {
        return Dropout.builder().optRate(b.dropout()).build();
    }

    private static <T extends Block> T init(T layer, Initializer weight, Initializer bias) {
        layer.setInitializer(weight, Parameter.Type.WEIGHT);
        layer.setInitializer(bias, Parameter.Type.BIAS);
        return layer;
    }

    private static <T extends Block> T pytorchDefault(T layer, long fanIn) {
        return init(layer, Initializers.pytorchDefaultWeight(), Initializers.pytorchDefaultBias(fanIn));
    }
}
