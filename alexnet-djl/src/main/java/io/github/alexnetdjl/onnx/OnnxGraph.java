package io.github.alexnetdjl.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction: nodes in execution order, weights as initializers, and names that are
 * unique across both, as the IR requires.
 */
final class OnnxGraph {

    /** The symbolic batch dimension of the input and the output. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /**
     * Adds a node with one output and returns the output's name: {@code name}, or {@code name} with a
     * suffix when it is taken.
     */
    String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        String output = unique(name);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        nodes.add(node);
        return output;
    }

    /** Adds a float32 initializer holding the array's values (converted to float32 if need be). */
    String weight(String name, NDArray array) {
        NDArray values = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        float[] data = values.toFloatArray();
        if (values != array) {
            values.close();
        }
        return floats(name, array.getShape().getShape(), data);
    }

    /** Adds a float32 initializer of the given dimensions. */
    String floats(String name, long[] dims, float[] data) {
        // raw_data is little-endian whatever the machine's order
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(data.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return initializer(name, TensorProto.DataType.FLOAT, dims, ByteString.copyFrom(bytes.array()));
    }

    /** Adds a one-dimensional int64 initializer, as the shape-like inputs of Slice take them. */
    String longs(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(name, TensorProto.DataType.INT64, new long[] {values.length},
                ByteString.copyFrom(bytes.array()));
    }

    private String initializer(String name, TensorProto.DataType type, long[] dims, ByteString data) {
        String unique = unique(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber())
                .setRawData(data);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return unique;
    }

    /** Declares the float32 graph input {@code (N, dims...)}. */
    void input(String name, long... dims) {
        names.add(name);
        graph.addInput(valueInfo(name, dims));
    }

    /** Keeps a name, such as the graph output's, from being given to any node or initializer. */
    void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX name '" + name + "' is taken already");
        }
    }

    /**
     * Declares the graph output {@code (N, dims...)} under a {@link #reserve reserved} name: the last node that
     * computes {@code produced} gets that name as its output, or an Identity does where {@code produced} is
     * the graph's input.
     */
    void output(String produced, String name, long... dims) {
        NodeProto.Builder producer = null;
        for (NodeProto.Builder node : nodes) {
            if (node.getOutputList().contains(produced)) {
                producer = node;
            }
        }
        if (producer == null) {
            nodes.add(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(produced).addOutput(name));
        } else {
            producer.setOutput(0, name);
        }
        graph.addOutput(valueInfo(name, dims));
    }

    GraphProto build() {
        for (NodeProto.Builder node : nodes) {
            graph.addNode(node);
        }
        return graph.build();
    }

    private String unique(String name) {
        String candidate = name;
        for (int i = 1; !names.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDimBuilder().setDimParam(BATCH);
        for (long dim : dims) {
            shape.addDimBuilder().setDimValue(dim);
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }
}
