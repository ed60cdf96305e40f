package io.github.alexnetdjl.features;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * AlexNet as its eight named stages, {@code conv1} to {@code fc8} ({@link AlexNetBlock#STAGES}), run in two
 * parts: from the input through a stage, and from a stage's output on to fc8's logits. Feature extraction
 * takes the first part, Grad-CAM both.
 *
 * <p>For a loaded model the stages are those of the network inference runs, as {@code AlexNet.load} rewrote
 * it (BatchNorm folded unless asked otherwise, channels-last convolutions, weight-major dense layers). Every
 * rewrite works inside a stage, replacing layers of the stage by equivalent ones and keeping the stage's name,
 * so each stage's output is the saved network's, within float rounding, and features come from the network
 * that classifies. ONNX Runtime runs one opaque graph with no stage outputs, so for a model loaded for that
 * engine the stages are those of the PyTorch network it was exported from.
 *
 * <pre>{@code
 * StagedNetwork stages = StagedNetwork.of(alexnet);
 * NDArray conv5 = stages.forwardThrough("conv5", images);     // (N, 256, 6, 6)
 * NDArray logits = stages.logitsAfter("conv5", conv5);         // (N, classes), under the caller's grad mode
 * }</pre>
 */
public final class StagedNetwork {

    /** The convolution stages, those whose output is maps over the image. */
    public static final List<String> CONVOLUTION_STAGES = AlexNetBlock.STAGES.subList(0, 5);

    private final List<String> names;
    private final List<Block> stages;
    private final Device device;
    private final Shape inputShape;

    private StagedNetwork(List<String> names, List<Block> stages, Device device, Shape inputShape) {
        this.names = names;
        this.stages = stages;
        this.device = device;
        this.inputShape = inputShape;
    }

    /**
     * Returns the stages of the network a model runs; for a model loaded for ONNX Runtime, those of the PyTorch
     * network exported to it.
     *
     * @param alexnet a built or loaded model
     * @return its stages
     */
    public static StagedNetwork of(AlexNet alexnet) {
        Block runner = alexnet.getModel().getBlock();
        if (hasStages(runner)) {
            return of(runner);
        }
        return of(alexnet.getModelDirectory().getModel().getBlock());
    }

    /**
     * Returns the stages of an initialized network whose children are AlexNet's stages, by name and in order,
     * such as an {@link AlexNetBlock} or the network {@code InferenceOptimizer} makes of one. A child after
     * fc8 (the softmax) is left out.
     *
     * @param network the network
     * @return its stages
     * @throws IllegalArgumentException if the network's children are not AlexNet's stages
     */
    public static StagedNetwork of(Block network) {
        if (!hasStages(network)) {
            throw new IllegalArgumentException("expected a network whose children are the stages "
                    + AlexNetBlock.STAGES + ", got " + network.getChildren().keys());
        }
        List<Block> stages = new ArrayList<>();
        for (String name : AlexNetBlock.STAGES) {
            stages.add(network.getChildren().get(name));
        }
        Device device = network.getParameters().valueAt(0).getArray().getDevice();
        Shape input = network.getInputShapes()[0];
        return new StagedNetwork(AlexNetBlock.STAGES, stages, device, new Shape(1).addAll(input.slice(1)));
    }

    private static boolean hasStages(Block network) {
        if (!(network instanceof SequentialBlock)) {
            return false;
        }
        List<String> children = new ArrayList<>();
        for (Pair<String, Block> child : network.getChildren()) {
            children.add(child.getKey());
        }
        return children.size() >= AlexNetBlock.STAGES.size()
                && children.subList(0, AlexNetBlock.STAGES.size()).equals(AlexNetBlock.STAGES);
    }

    /**
     * Returns the stages' names, in order.
     *
     * @return {@link AlexNetBlock#STAGES}
     */
    public List<String> getStageNames() {
        return names;
    }

    /**
     * Returns the device the network's parameters live on.
     *
     * @return the device
     */
    public Device getDevice() {
        return device;
    }

    /**
     * Returns the shape of one image's input, with a batch axis of 1.
     *
     * @return (1, C, H, W)
     */
    public Shape getInputShape() {
        return inputShape;
    }

    /**
     * Returns the shape of a stage's output for one image.
     *
     * @param stage the stage's name
     * @return its output shape, with a batch axis of 1: (1, C, H, W) for a convolution stage, (1, units) for a
     *     dense one
     * @throws IllegalArgumentException if there is no stage of that name
     */
    public Shape getOutputShape(String stage) {
        Shape shape = inputShape;
        for (int i = 0; i <= indexOf(stage); i++) {
            shape = stages.get(i).getOutputShapes(new Shape[] {shape})[0];
        }
        return shape;
    }

    /**
     * Returns the parameters of the stages after a stage, those a pass from that stage's output uses.
     *
     * @param stage the stage's name
     * @return the parameters, named {@code stage.layer.parameter}
     * @throws IllegalArgumentException if there is no stage of that name
     */
    public List<Pair<String, Parameter>> getParametersAfter(String stage) {
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        for (int i = indexOf(stage) + 1; i < stages.size(); i++) {
            for (Pair<String, Parameter> parameter : stages.get(i).getParameters()) {
                parameters.add(new Pair<>(names.get(i) + NamedSequentialBlock.SEPARATOR + parameter.getKey(),
                        parameter.getValue()));
            }
        }
        return parameters;
    }

    /**
     * Returns a stage's position.
     *
     * @param stage the stage's name
     * @return its index in {@link #getStageNames()}
     * @throws IllegalArgumentException if there is no stage of that name
     */
    public int indexOf(String stage) {
        int index = names.indexOf(stage);
        if (index < 0) {
            throw new IllegalArgumentException("stage: expected one of " + names + ", got " + stage);
        }
        return index;
    }

    /**
     * Runs the network from its input through a stage, in inference mode, with libtorch's grad mode off on the
     * calling thread for the pass and then restored: the stage's activations, as the next stage receives them.
     *
     * @param stage the last stage to run
     * @param input (N, C, H, W) preprocessed images, on the network's device
     * @return the stage's output, attached to the input's manager
     * @throws IllegalArgumentException if there is no stage of that name
     */
    public NDArray forwardThrough(String stage, NDArray input) {
        int last = indexOf(stage);
        try (LibTorch.GradMode off = LibTorch.gradMode(false)) {
            return run(0, last + 1, input);
        }
    }

    /**
     * Runs the stages after a stage, through fc8, in inference mode (no dropout) and under the calling thread's
     * grad mode, so that a caller who switched it on gets gradients with respect to the activation.
     *
     * @param stage the stage whose output {@code activation} is
     * @param activation that stage's output
     * @return fc8's logits, (N, classes), attached to the activation's manager
     * @throws IllegalArgumentException if there is no stage of that name
     */
    public NDArray logitsAfter(String stage, NDArray activation) {
        return run(indexOf(stage) + 1, stages.size(), activation);
    }

    /**
     * Runs the whole network to fc8's logits, in inference mode, with libtorch's grad mode off on the calling
     * thread for the pass and then restored.
     *
     * @param input (N, C, H, W) preprocessed images, on the network's device
     * @return the logits, (N, classes), attached to the input's manager
     */
    public NDArray logits(NDArray input) {
        return forwardThrough(names.get(names.size() - 1), input);
    }

    /** Runs the stages [from, to) as one sequential block, which frees each intermediate output once used. */
    private NDArray run(int from, int to, NDArray input) {
        if (from == to) {
            return input;
        }
        NamedSequentialBlock part = new NamedSequentialBlock();
        for (int i = from; i < to; i++) {
            part.add(names.get(i), stages.get(i));
        }
        return part.forward(new ParameterStore(input.getManager(), false), new NDList(input), false)
                .singletonOrThrow();
    }
}
