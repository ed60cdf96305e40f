package io.github.alexnetdjl.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for PyTorch state_dict files that, like {@code torch.load(weights_only=True)}, resolves only
 * the globals a state_dict needs: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor},
 * {@code _rebuild_tensor_v2} and {@code _rebuild_parameter}, and the {@code torch.*Storage} types. Any other
 * global (a class to instantiate, a function to call) is refused with {@link UnsafePickleException}, and so
 * are the opcodes that instantiate classes by other routes. Storages become {@link StorageRef}
 * placeholders; the caller supplies their bytes after checking their sizes.
 *
 * <p>Opcodes that carry a length (strings, bytes, big integers) are checked against the bytes the stream may
 * still deliver before the length is allocated, and whatever a malformed pickle makes the decoder throw
 * becomes a {@link PickleException}. Messages do not name the file; the caller adds it.
 *
 * <p>One instance reads one pickle.
 */
final class TorchUnpickler extends Unpickler {

    /** The storage types a state_dict may name, with their element types. */
    static final Map<String, String> STORAGE_TYPES = storageTypes();

    private static final Set<String> FUNCTIONS =
            Set.of(
                    "collections.OrderedDict",
                    "torch._utils._rebuild_tensor",
                    "torch._utils._rebuild_tensor_v2",
                    "torch._utils._rebuild_parameter");

    private LimitedInputStream source;

    /** A global or opcode the safe unpickler refuses. */
    static final class UnsafePickleException extends PickleException {

        private static final long serialVersionUID = 1L;

        UnsafePickleException(String message) {
            super(message);
        }
    }

    /** Where a tensor's data lives: a storage of the file, by key, with its declared element count. */
    record StorageRef(String key, String dtype, long numel) {}

    /** A tensor as the pickle describes it: a view (offset, size, stride) into a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** {@code collections.OrderedDict}; a state_dict's {@code _metadata} attribute is dropped. */
    static final class StateDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    private record StorageType(String dtype) {}

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL:
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            case Opcodes.STACK_GLOBAL:
                Object stackName = stack.pop();
                Object stackModule = stack.pop();
                stack.add(resolve(String.valueOf(stackModule), String.valueOf(stackName)));
                return NO_RETURN_VALUE;
            case Opcodes.BUILD:
                stack.pop(); // the state; only an OrderedDict's _metadata, which we drop
                if (!(stack.peek() instanceof StateDict)) {
                    throw new UnsafePickleException(
                            "a state_dict sets state only on an OrderedDict, got " + describe(stack.peek()));
                }
                return NO_RETURN_VALUE;
            case Opcodes.SETITEMS:
                // razorvine's own SETITEMS goes through a HashMap; a state_dict's order matters to users.
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> dict = dict(stack.peek());
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            case Opcodes.SETITEM:
                Object value = stack.pop();
                Object itemKey = stack.pop();
                dict(stack.peek()).put(itemKey, value);
                return NO_RETURN_VALUE;
            case Opcodes.INST:
            case Opcodes.OBJ:
            case Opcodes.NEWOBJ:
            case Opcodes.NEWOBJ_EX:
            case Opcodes.EXT1:
            case Opcodes.EXT2:
            case Opcodes.EXT4:
                throw new UnsafePickleException(
                        "refusing pickle opcode 0x"
                                + Integer.toHexString(key)
                                + " (it instantiates objects); a state_dict holds only tensors");
            case Opcodes.BINSTRING:
            case Opcodes.BINBYTES:
            case Opcodes.BINUNICODE:
            case Opcodes.LONG4:
                checkLength(key, Integer.BYTES);
                return super.dispatch(key);
            case Opcodes.BINUNICODE8:
            case Opcodes.BINBYTES8:
            case Opcodes.BYTEARRAY8:
                checkLength(key, Long.BYTES);
                return super.dispatch(key);
            default:
                return super.dispatch(key);
        }
    }

    /** The decoder allocates an opcode's declared length before reading it: check it fits what may follow. */
    private void checkLength(short key, int width) throws IOException {
        source.mark(width);
        byte[] raw = source.readNBytes(width);
        source.reset();
        if (raw.length < width) {
            return; // the decoder reports the truncation
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long length = width == Integer.BYTES ? buffer.getInt() : buffer.getLong();
        if (length < 0 || length > source.remaining() - width) {
            throw new PickleException(
                    "pickle opcode 0x" + Integer.toHexString(key) + " declares " + length + " bytes but at most "
                            + Math.max(0, source.remaining() - width) + " follow; the file is truncated or damaged");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) {
        if (!(target instanceof Map)) {
            throw new PickleException("setting items on a " + describe(target) + ", expected a dict");
        }
        return (Map<Object, Object>) target;
    }

    private Object resolve(String module, String name) {
        String global = module + "." + name;
        if ("torch".equals(module) && STORAGE_TYPES.containsKey(name)) {
            return new StorageType(STORAGE_TYPES.get(name));
        }
        if (!FUNCTIONS.contains(global)) {
            Set<String> allowed = new TreeSet<>(FUNCTIONS);
            allowed.add("torch.<Type>Storage");
            throw new UnsafePickleException(
                    "refusing global '"
                            + UntrustedFiles.printable(global)
                            + "': a state_dict needs only "
                            + allowed
                            + "; this file may run code in Python's torch.load");
        }
        return (IObjectConstructor) args -> construct(global, args);
    }

    private Object construct(String global, Object[] args) {
        switch (global) {
            case "collections.OrderedDict":
                if (args.length != 0) {
                    throw new PickleException("OrderedDict with arguments is not a state_dict");
                }
                return new StateDict();
            case "torch._utils._rebuild_parameter":
                return args[0];
            default:
                return rebuildTensor(args);
        }
    }

    private TensorRef rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("malformed tensor record");
        }
        long offset = number(args[1]);
        long[] size = longs(args[2]);
        long[] stride = longs(args[3]);
        if (size.length != stride.length) {
            throw new PickleException("tensor size and stride differ in rank");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] tuple)
                || tuple.length < 5
                || !"storage".equals(tuple[0])
                || !(tuple[1] instanceof StorageType type)) {
            throw new PickleException("unknown persistent id " + describe(pid));
        }
        if (tuple.length > 5 && tuple[5] != null) {
            throw new PickleException(
                    "storage views (PyTorch before 0.4) are not supported, storage " + tuple[2]);
        }
        return new StorageRef(String.valueOf(tuple[2]), type.dtype(), number(tuple[4]));
    }

    /**
     * Reads one pickle from the stream, leaving the stream just after its STOP opcode.
     *
     * @param in the stream, counting what it may still deliver; it must support mark and reset
     * @return the unpickled object
     * @throws PickleException if the pickle is malformed, truncated or refused
     * @throws IOException if reading the stream fails
     */
    Object read(LimitedInputStream in) throws IOException {
        source = in;
        try {
            return load(in);
        } catch (PickleException e) {
            throw e;
        } catch (RuntimeException e) {
            // razorvine's decoder trusts the pickle: a damaged one surfaces as an empty stack, a cast, ...
            throw new PickleException("malformed pickle (" + e.getClass().getSimpleName() + ")", e);
        } catch (IOException e) {
            if (e.getClass() == IOException.class) {
                // the decoder's own "premature end of file", "expected more bytes in input stream"
                throw new PickleException("the pickle ends early; the file is truncated or damaged", e);
            }
            throw e;
        }
    }

    private long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new PickleException("expected an integer, got " + describe(value));
    }

    private long[] longs(Object value) {
        if (!(value instanceof Object[] tuple)) {
            throw new PickleException("expected a tuple of integers, got " + describe(value));
        }
        long[] result = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            result[i] = number(tuple[i]);
        }
        return result;
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static Map<String, String> storageTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("FloatStorage", "float32");
        types.put("DoubleStorage", "float64");
        types.put("HalfStorage", "float16");
        types.put("BFloat16Storage", "bfloat16");
        types.put("LongStorage", "int64");
        types.put("IntStorage", "int32");
        types.put("ShortStorage", "int16");
        types.put("CharStorage", "int8");
        types.put("ByteStorage", "uint8");
        types.put("BoolStorage", "bool");
        return Map.copyOf(types);
    }

    static int elementSize(String dtype) {
        switch (dtype) {
            case "float64":
            case "int64":
                return 8;
            case "float32":
            case "int32":
                return 4;
            case "float16":
            case "bfloat16":
            case "int16":
                return 2;
            default:
                return 1;
        }
    }
}
