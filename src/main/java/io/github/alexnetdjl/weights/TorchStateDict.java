package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.weights.TorchUnpickler.StorageRef;
import io.github.alexnetdjl.weights.TorchUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads a PyTorch state_dict file into float32 tensors by name, without Python: the zip format that
 * {@code torch.save} writes since PyTorch 1.6 ({@code <name>/data.pkl} plus one entry per storage) and the
 * legacy format before it (a stream of pickles followed by the raw storages), as torchvision's
 * {@code alexnet-owt-7be5be79.pth} still uses. The format is recognised from the file's first bytes.
 *
 * <p>The file is untrusted: the pickle goes through {@link TorchUnpickler}, which refuses every global a
 * state_dict does not need; each storage's declared size is checked against the bytes present before it is
 * read; each tensor view is checked to lie inside its storage; nothing is written to disk.
 */
public final class TorchStateDict {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private TorchStateDict() {}

    /**
     * Reads every tensor of a state_dict file.
     *
     * @param file a {@code .pth}/{@code .pt} file holding a state_dict
     * @return the tensors by state_dict key, in the file's order
     * @throws WeightFormatException if the file is not a state_dict, refers to a forbidden global, is
     *     truncated, or holds a tensor that is not float32
     * @throws IOException if the file cannot be read
     */
    public static Map<String, WeightTensor> read(Path file) throws IOException {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, magic.length);
            if (n < magic.length) {
                throw new WeightFormatException(file + ": too short to be a PyTorch file (" + n + " bytes)");
            }
        }
        try {
            if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                return readZip(file);
            }
            if ((magic[0] & 0xff) == 0x80) {
                return readLegacy(file);
            }
        } catch (PickleException e) {
            throw new WeightFormatException(e.getMessage(), e);
        }
        throw new WeightFormatException(
                file
                        + ": not a PyTorch state_dict file: expected a zip archive (torch.save since 1.6) or a"
                        + " pickle stream (the legacy format)");
    }

    private static Map<String, WeightTensor> readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw new WeightFormatException(
                        file + ": a zip archive without <name>/data.pkl is not a torch.save file");
            }
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(readEntry(zip, byteOrder, 16, file), "US-ASCII").trim();
                if (!"little".equals(order)) {
                    throw new WeightFormatException(file + ": byte order '" + order + "', expected 'little'");
                }
            }
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
                root = new TorchUnpickler(file.toString()).read(in);
            }
            Map<String, TensorRef> refs = stateDict(root, file);
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (TensorRef ref : refs.values()) {
                StorageRef storage = ref.storage();
                if (!storages.containsKey(storage.key())) {
                    ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
                    if (entry == null) {
                        throw new WeightFormatException(
                                file + ": storage " + storage.key() + " is declared but missing from the archive");
                    }
                    long bytes = storageBytes(storage, file);
                    if (entry.getSize() >= 0 && entry.getSize() != bytes) {
                        throw new WeightFormatException(
                                file + ": storage " + storage.key() + " declares " + storage.numel() + " "
                                        + storage.dtype() + " values (" + bytes + " bytes) but holds "
                                        + entry.getSize() + " bytes");
                    }
                    storages.put(storage.key(), ByteBuffer.wrap(readEntry(zip, entry, bytes, file)));
                }
            }
            return tensors(refs, storages, file);
        }
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry, long expected, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) expected);
            if (data.length != expected || in.read() != -1) {
                throw new WeightFormatException(
                        file + ": entry " + entry.getName() + " does not hold the " + expected + " bytes it should");
            }
            return data;
        }
    }

    private static Map<String, WeightTensor> readLegacy(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Object magic = new TorchUnpickler(file.toString()).read(in);
            if (!LEGACY_MAGIC.equals(toBigInteger(magic))) {
                throw new WeightFormatException(
                        file + ": a pickle, but not a torch.save file (no PyTorch magic number)");
            }
            Object protocol = new TorchUnpickler(file.toString()).read(in);
            if (!(protocol instanceof Number number) || number.longValue() != LEGACY_PROTOCOL) {
                throw new WeightFormatException(
                        file + ": PyTorch legacy protocol " + protocol + ", expected " + LEGACY_PROTOCOL);
            }
            Object sysInfo = new TorchUnpickler(file.toString()).read(in);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new WeightFormatException(file + ": saved on a big-endian machine, expected little-endian");
            }
            Map<String, TensorRef> refs = stateDict(new TorchUnpickler(file.toString()).read(in), file);
            Object keys = new TorchUnpickler(file.toString()).read(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new WeightFormatException(file + ": expected the list of storage keys after the state_dict");
            }
            Map<String, StorageRef> declared = new HashMap<>();
            for (TensorRef ref : refs.values()) {
                declared.put(ref.storage().key(), ref.storage());
            }
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (Object key : keyList) {
                StorageRef storage = declared.get(String.valueOf(key));
                if (storage == null) {
                    throw new WeightFormatException(file + ": storage " + key + " is stored but never used");
                }
                byte[] header = in.readNBytes(8);
                if (header.length != 8) {
                    throw new WeightFormatException(file + ": truncated before storage " + key);
                }
                long numel = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long bytes = storageBytes(storage, file);
                if (numel != storage.numel()) {
                    throw new WeightFormatException(
                            file + ": storage " + key + " declares " + storage.numel()
                                    + " values in the pickle but " + numel + " in its header");
                }
                if (bytes > fileSize - in.count()) {
                    throw new WeightFormatException(
                            file + ": storage " + key + " needs " + bytes + " bytes but only "
                                    + (fileSize - in.count()) + " remain in the file");
                }
                byte[] data = in.readNBytes((int) bytes);
                if (data.length != bytes) {
                    throw new EOFException(file + ": truncated in storage " + key);
                }
                storages.put(storage.key(), ByteBuffer.wrap(data));
            }
            return tensors(refs, storages, file);
        }
    }

    private static long storageBytes(StorageRef storage, Path file) throws WeightFormatException {
        long bytes = storage.numel() * TorchUnpickler.elementSize(storage.dtype());
        if (storage.numel() < 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new WeightFormatException(
                    file + ": storage " + storage.key() + " declares " + storage.numel()
                            + " values, more than one Java array can hold");
        }
        return bytes;
    }

    private static Map<String, TensorRef> stateDict(Object root, Path file) throws WeightFormatException {
        if (!(root instanceof Map<?, ?> map)) {
            throw new WeightFormatException(
                    file + ": holds a " + (root == null ? "None" : root.getClass().getSimpleName())
                            + ", expected a state_dict (a dict of tensors)");
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof TensorRef ref)) {
                throw new WeightFormatException(
                        file + ": entry '" + entry.getKey() + "' is not a tensor; expected a state_dict"
                                + " (a whole model or a training checkpoint is not supported)");
            }
            refs.put(String.valueOf(entry.getKey()), ref);
        }
        return refs;
    }

    private static Map<String, WeightTensor> tensors(
            Map<String, TensorRef> refs, Map<String, ByteBuffer> storages, Path file) throws WeightFormatException {
        Map<String, WeightTensor> result = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> entry : refs.entrySet()) {
            String name = entry.getKey();
            TensorRef ref = entry.getValue();
            Shape shape = new Shape(ref.size());
            if (!"float32".equals(ref.storage().dtype())) {
                throw new WeightFormatException(
                        file + ": tensor " + name + " " + shape + " is " + ref.storage().dtype()
                                + ", expected float32");
            }
            ByteBuffer storage = storages.get(ref.storage().key());
            if (storage == null) {
                throw new WeightFormatException(file + ": tensor " + name + " has no storage data");
            }
            result.put(name, view(name, ref, shape, storage.order(ByteOrder.LITTLE_ENDIAN), file));
        }
        return result;
    }

    private static WeightTensor view(String name, TensorRef ref, Shape shape, ByteBuffer storage, Path file)
            throws WeightFormatException {
        long last = ref.offset();
        for (int i = 0; i < ref.size().length; i++) {
            if (ref.size()[i] < 0 || ref.stride()[i] < 0) {
                throw new WeightFormatException(file + ": tensor " + name + " has a negative size or stride");
            }
            last += (ref.size()[i] - 1) * ref.stride()[i];
        }
        long numel = ref.storage().numel();
        if (shape.size() > 0 && (ref.offset() < 0 || last >= numel)) {
            throw new WeightFormatException(
                    file + ": tensor " + name + " " + shape + " reaches element " + last
                            + " of storage " + ref.storage().key() + ", which holds " + numel);
        }
        float[] data = new float[Math.toIntExact(shape.size())];
        long[] index = new long[ref.size().length];
        for (int flat = 0; flat < data.length; flat++) {
            long element = ref.offset();
            for (int i = 0; i < index.length; i++) {
                element += index[i] * ref.stride()[i];
            }
            data[flat] = storage.getFloat((int) element * Float.BYTES);
            for (int i = index.length - 1; i >= 0; i--) {
                if (++index[i] < ref.size()[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return new WeightTensor(name, shape, data);
    }

    private static BigInteger toBigInteger(Object value) {
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Number number) {
            return BigInteger.valueOf(number.longValue());
        }
        return null;
    }

    /** Counts the bytes read, so that a storage's size can be checked against what remains. */
    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
