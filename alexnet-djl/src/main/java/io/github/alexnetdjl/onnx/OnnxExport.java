package io.github.alexnetdjl.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.gson.Gson;
import io.github.alexnetdjl.inference.InferenceOptimizer;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.nn.Softmax;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a network to an ONNX file that ONNX Runtime and other ONNX tools run: opset {@value #OPSET} (IR
 * version {@value #IR_VERSION}), one float32 input {@value #INPUT} of shape (N, C, H, W) whose batch
 * dimension N is symbolic, and one output, {@value #PROBABILITIES} (the softmax head, by default) or {@value
 * #LOGITS} (fc8's scores). All three variants export, BatchNorm folded or not: each layer becomes the ONNX
 * operator computing the same function in inference (Keras's asymmetric 'same' padding as Conv's per-side
 * pads, the LRN as LRN, grouped convolutions with their group count, BatchNorm as its per-channel affine map,
 * torchvision's adaptive average pool as slice means where its input is not already 6×6, Dropout not at all).
 * Weights are named after the block's parameters ({@code conv1.conv.weight}), tensors after the layers.
 *
 * <p>The input is what the network itself takes: images already resized, cropped and normalized with the
 * model's mean and standard deviation, which {@link #exportModelDirectory} records in the file's metadata.
 *
 * <pre>{@code
 * OnnxExport.builder().setBlock(model.getBlock()).optOutput(AlexNetBlock.Output.LOGITS).build()
 *         .write(Path.of("alexnet.onnx"));
 * }</pre>
 */
public final class OnnxExport {

    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 13;

    /** The ONNX IR version of the file: 7, the first to carry opset 13. */
    public static final long IR_VERSION = 7;

    /** The graph input's name. */
    public static final String INPUT = "input";

    /** The graph output's name when it is the softmax head. */
    public static final String PROBABILITIES = "probabilities";

    /** The graph output's name when it is fc8's logits. */
    public static final String LOGITS = "logits";

    private static final String PRODUCER = "alexnet-djl";

    private final Block block;
    private final AlexNetBlock.Output output;
    private final String name;
    private final Map<String, String> metadata;

    private OnnxExport(Builder builder) {
        block = builder.block;
        output = builder.output;
        name = builder.name;
        metadata = new LinkedHashMap<>(builder.metadata);
    }

    /**
     * Returns a builder: softmax output, graph name "alexnet", no metadata.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the name of the graph output for the given head.
     *
     * @param output the head
     * @return {@value #PROBABILITIES} or {@value #LOGITS}
     */
    public static String outputName(AlexNetBlock.Output output) {
        return output == AlexNetBlock.Output.LOGITS ? LOGITS : PROBABILITIES;
    }

    /**
     * Builds the ONNX model in memory.
     *
     * @return the model
     * @throws IllegalArgumentException naming the layer, when the network holds a block ONNX export does not
     *     know
     */
    public ModelProto toModel() {
        Shape inputShape = block.getInputShapes()[0];
        String outputName = outputName(output);
        OnnxGraph graph = new OnnxGraph(name);
        graph.input(INPUT, inputShape.slice(1).getShape());
        graph.reserve(outputName);
        LayerWriter writer = new LayerWriter(graph);
        List<Pair<String, Block>> children = block instanceof SequentialBlock
                ? block.getChildren().stream().toList()
                : List.of(new Pair<>("", block));
        boolean endsWithSoftmax = !children.isEmpty() && children.get(children.size() - 1).getValue() instanceof Softmax;
        if (endsWithSoftmax && output == AlexNetBlock.Output.LOGITS) {
            children = children.subList(0, children.size() - 1);
        }
        String current = INPUT;
        Shape shape = inputShape;
        for (Pair<String, Block> child : children) {
            current = writer.write(child.getValue(), child.getKey(), current, shape);
            shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
        }
        if (!endsWithSoftmax && output == AlexNetBlock.Output.SOFTMAX) {
            current = writer.softmax(AlexNetBlock.OUTPUT, current);
        }
        graph.output(current, outputName, shape.slice(1).getShape());
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setGraph(graph.build());
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        if (version != null) {
            model.setProducerVersion(version);
        }
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /**
     * Writes the ONNX file through a temporary file and a rename, so that the file is whole or untouched.
     *
     * @param file the file to create or replace
     * @throws IOException if it cannot be written; the file is then unchanged
     * @throws IllegalArgumentException naming the layer, when the network holds a block ONNX export does not
     *     know
     */
    public void write(Path file) throws IOException {
        ModelProto model = toModel();
        Path target = file.toAbsolutePath().normalize();
        Path temp = AtomicFiles.newTempFile(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                model.writeTo(out);
            }
            AtomicFiles.replaceFile(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Exports a model directory's network, loaded on the CPU, with its preprocessing and class names in the
     * file's metadata ({@code variant}, {@code resize}, {@code mean}, {@code std}, {@code classes}; all but the
     * first as JSON).
     *
     * @param directory the model directory
     * @param file the ONNX file to create or replace
     * @param output the head: softmax probabilities or logits
     * @param foldBatchNorm whether to fold BatchNorm into the convolutions first ({@link InferenceOptimizer});
     *     the outputs are the same either way, within float rounding
     * @throws IOException if the directory cannot be read or the file cannot be written
     * @throws MalformedModelException if the directory's parameters do not fit its configuration or are not all
     *     finite
     */
    public static void exportModelDirectory(
            Path directory, Path file, AlexNetBlock.Output output, boolean foldBatchNorm)
            throws IOException, MalformedModelException {
        try (ModelDirectory loaded = ModelDirectory.load(directory, Device.cpu())) {
            loaded.checkFinite(); // a diverged run's NaN parameters would export a file that answers NaN
            Block network = foldBatchNorm
                    ? InferenceOptimizer.foldBatchNorm(loaded.getBlock(), loaded.getModel().getNDManager())
                    : loaded.getBlock();
            ModelConfig config = loaded.getConfig();
            Gson gson = new Gson();
            builder().setBlock(network).optOutput(output)
                    .optMetadata("variant", config.getVariant())
                    .optMetadata("resize", Integer.toString(config.getResize()))
                    .optMetadata("mean", gson.toJson(config.getMean()))
                    .optMetadata("std", gson.toJson(config.getStd()))
                    .optMetadata("classes", gson.toJson(loaded.getClasses()))
                    .build()
                    .write(file);
        }
    }

    /** Builds an {@link OnnxExport}. */
    public static final class Builder {

        private Block block;
        private AlexNetBlock.Output output = AlexNetBlock.Output.SOFTMAX;
        private String name = "alexnet";
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the network to export (required): an initialized {@link AlexNetBlock}, its {@link
         * AlexNetBlock#logits()}, or the folded network {@link InferenceOptimizer#foldBatchNorm} returns.
         *
         * @param block the network
         * @return this builder
         */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /**
         * Sets the head; default {@link AlexNetBlock.Output#SOFTMAX}. A network that ends in a softmax exports
         * without it for {@link AlexNetBlock.Output#LOGITS}; one that ends in logits gets a softmax for {@link
         * AlexNetBlock.Output#SOFTMAX}.
         *
         * @param output softmax probabilities or logits
         * @return this builder
         */
        public Builder optOutput(AlexNetBlock.Output output) {
            this.output = output;
            return this;
        }

        /**
         * Sets the graph's name; default "alexnet".
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Adds an entry to the model's metadata ({@code metadata_props}), which ONNX Runtime returns as its
         * custom metadata map.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder optMetadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /**
         * Validates the settings and builds the exporter.
         *
         * @return the exporter
         * @throws IllegalArgumentException if the block is missing or not initialized, or the output or name
         *     is null
         */
        public OnnxExport build() {
            if (block == null) {
                throw new IllegalArgumentException("setBlock(block) is required");
            }
            if (!block.isInitialized()) {
                throw new IllegalArgumentException("ONNX export needs an initialized block (its weights)");
            }
            if (output == null || name == null) {
                throw new IllegalArgumentException("output and name must not be null");
            }
            return new OnnxExport(this);
        }
    }
}
