package io.github.alexnetdjl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.AdaptiveAvgPool2d;
import io.github.alexnetdjl.nn.Flatten;
import io.github.alexnetdjl.nn.LocalResponseNormalization;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.SameConv2d;
import io.github.alexnetdjl.nn.Softmax;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the DJL blocks of a spec's layers ({@link AlexNetSpec#layers()}), grouped into the eight stages (conv1
 * to fc8) and the softmax, with each variant's own initializers. Every variant names its children alike (conv,
 * bn, relu, lrn, pool, avgpool, flatten, dropout, dense), so that parameter paths are the same whichever
 * network was built.
 */
final class Stages {

    // section 5: "the neuron biases in the second, fourth, and fifth convolutional layers, as well as in the
    // fully-connected hidden layers" start at 1, to give the ReLUs positive inputs early on
    private static final Set<String> PAPER_BIAS_ONE = Set.of("conv2", "conv4", "conv5", "fc6", "fc7");

    private Stages() {}

    /** Returns the root's children in order: the stages, then the softmax where the spec has one. */
    static List<Pair<String, Block>> of(AlexNetSpec spec) {
        List<Pair<String, Block>> children = new ArrayList<>();
        spec.stages().forEach((name, layers) -> {
            if (layers.size() == 1 && layers.get(0).path().equals(name)) {
                children.add(new Pair<>(name, block(spec.variant(), layers.get(0))));
                return;
            }
            NamedSequentialBlock stage = new NamedSequentialBlock();
            layers.forEach(layer -> stage.add(layer.name(), block(spec.variant(), layer)));
            children.add(new Pair<>(name, stage));
        });
        return children;
    }

    /** The layer's block, initialized as the variant's source does where it has a weight. */
    private static Block block(Variant variant, Layer layer) {
        Block block = block(layer.operation());
        if (layer.weights() > 0) {
            initialize(variant, layer, block);
        }
        return block;
    }

    /** Gives a convolution or dense layer its source's initialization. */
    private static void initialize(Variant variant, Layer layer, Block block) {
        Initializer[] weightAndBias = switch (variant) {
            // Keras's kernels start glorot_uniform; biases (zeros) and BatchNorm keep DJL's defaults, Keras's too
            case SEED -> new Initializer[] {Initializers.kerasGlorotUniform(), null};
            case PAPER -> new Initializer[] {Initializers.paperGaussian(),
                PAPER_BIAS_ONE.contains(layer.stage()) ? Initializer.ONES : Initializer.ZEROS};
            case TORCHVISION -> new Initializer[] {Initializers.pytorchDefaultWeight(),
                Initializers.pytorchDefaultBias(layer.weights() / layer.output().get(0))};
        };
        block.setInitializer(weightAndBias[0], Parameter.Type.WEIGHT);
        if (weightAndBias[1] != null) {
            block.setInitializer(weightAndBias[1], Parameter.Type.BIAS);
        }
    }

    /**
     * Builds an LRN block, whose builder also checks the parameters.
     *
     * @throws IllegalArgumentException if a parameter is out of range
     */
    static LocalResponseNormalization lrn(Layer.Lrn lrn) {
        return LocalResponseNormalization.builder().optSize(lrn.size()).optK(lrn.k()).optAlpha(lrn.alpha())
                .optBeta(lrn.beta()).optScaling(lrn.scaling()).build();
    }

    private static Block block(Layer.Operation operation) {
        if (operation instanceof Layer.Conv conv) {
            return conv.same()
                    ? new SameConv2d(conv.filters(), conv.kernel(), conv.stride(), conv.groups())
                    : Conv2d.builder()
                            .setFilters(conv.filters())
                            .setKernelShape(new Shape(conv.kernel(), conv.kernel()))
                            .optStride(new Shape(conv.stride(), conv.stride()))
                            .optPadding(new Shape(conv.padding(), conv.padding()))
                            .optGroups(conv.groups())
                            .build();
        }
        if (operation instanceof Layer.BatchNorm bn) {
            return BatchNorm.builder().optEpsilon(bn.epsilon()).optMomentum(bn.momentum()).build();
        }
        if (operation instanceof Layer.Lrn lrn) {
            return lrn(lrn);
        }
        if (operation instanceof Layer.MaxPool pool) {
            return new MaxPool2d(pool.size(), pool.stride());
        }
        if (operation instanceof Layer.AdaptiveAvgPool avg) {
            return new AdaptiveAvgPool2d(avg.side(), avg.side());
        }
        if (operation instanceof Layer.Dropout dropout) {
            return Dropout.builder().optRate(dropout.rate()).build();
        }
        if (operation instanceof Layer.Dense dense) {
            return Linear.builder().setUnits(dense.units()).build();
        }
        if (operation instanceof Layer.Flatten) {
            return new Flatten();
        }
        if (operation instanceof Layer.Softmax) {
            return new Softmax();
        }
        if (operation instanceof Layer.Relu) {
            return new ReLU();
        }
        throw new IllegalStateException("no block for " + operation);
    }
}
