package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.weights.TorchUnpickler.StorageRef;
import io.github.alexnetdjl.weights.TorchUnpickler.TensorRef;
import io.github.alexnetdjl.store.SizeLimits;
import io.github.alexnetdjl.weights.TorchUnpickler.UnsafePickleException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads a PyTorch state_dict file into float32 tensors by name, without Python: the zip format that
 * {@code torch.save} writes since PyTorch 1.6 ({@code <name>/data.pkl} plus one entry per storage) and the
 * legacy format before it (a stream of pickles followed by the raw storages), as torchvision's
 * {@code alexnet-owt-7be5be79.pth} still uses. The format is recognised from the file's first bytes.
 *
 * <p>The file is untrusted: the pickle goes through {@link TorchUnpickler}, which refuses every global a
 * state_dict does not need; sizes are bounded by {@link SizeLimits} (the file, the pickles, each tensor, all
 * data read) and multiplied without overflow before anything is allocated; each storage's declared size is
 * checked against the bytes present before it is read; each tensor view must lie inside its storage and hold
 * no more values than it; a damaged file gives one message naming it; nothing is written to disk.
 */
public final class TorchStateDict {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    private static final String EXPECTED = "a PyTorch state_dict (.pth)";

    private TorchStateDict() {}

    /**
     * Reads every tensor of a state_dict file.
     *
     * @param file a {@code .pth}/{@code .pt} file holding a state_dict
     * @return the tensors by state_dict key, in the file's order
     * @throws WeightFormatException if the file is not a state_dict, refers to a forbidden global, is
     *     truncated or damaged, saved big-endian, larger than {@link SizeLimits} allow, or holds a tensor that
     *     is not float32
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if the file cannot be read
     */
    public static Map<String, WeightTensor> read(Path file) throws IOException {
        long size = UntrustedFiles.checkFile(file, EXPECTED);
        byte[] magic = UntrustedFiles.head(file, 4);
        if (magic.length < 4) {
            throw new WeightFormatException(file + ": too short to be a PyTorch file (" + magic.length + " bytes)");
        }
        try {
            if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                return readZip(file);
            }
            if ((magic[0] & 0xff) == 0x80) {
                return readLegacy(file, size);
            }
        } catch (UnsafePickleException e) {
            throw new WeightFormatException(file + ": " + e.getMessage(), e);
        } catch (PickleException e) {
            throw new WeightFormatException(file + ": not a readable state_dict pickle: " + e.getMessage(), e);
        }
        throw new WeightFormatException(
                file
                        + ": not a PyTorch state_dict file: expected a zip archive (torch.save since 1.6) or a"
                        + " pickle stream (the legacy format)");
    }

    private static Map<String, WeightTensor> readZip(Path file) throws IOException {
        try (ZipFile zip = UntrustedFiles.openZip(file)) {
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
            checkByteOrder(zip, zip.getEntry(prefix + "byteorder"), file);
            Object root;
            try (LimitedInputStream in = UntrustedFiles.openEntry(
                    zip, zip.getEntry(prefix + "data.pkl"), SizeLimits.MAX_PICKLE_BYTES, file)) {
                root = new TorchUnpickler().read(in);
            }
            Map<String, TensorRef> refs = stateDict(root, file);
            UntrustedFiles.Budget budget = new UntrustedFiles.Budget(file);
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
                    budget.take(bytes, "storage " + storage.key());
                    storages.put(storage.key(), ByteBuffer.wrap(UntrustedFiles.readEntry(zip, entry, bytes, file)));
                }
            }
            return tensors(refs, storages, file);
        } catch (ZipException | EOFException e) {
            throw UntrustedFiles.damagedZip(file, e);
        }
    }

    /**
     * Current PyTorch writes {@code byteorder} as the text {@code little} or {@code big}; files without the
     * entry (PyTorch before 1.13 or so) are little-endian.
     */
    private static void checkByteOrder(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        if (entry == null) {
            return;
        }
        String order = new String(UntrustedFiles.readEntry(zip, entry, 16, file), StandardCharsets.US_ASCII).strip();
        if ("big".equals(order)) {
            throw new WeightFormatException(
                    file + ": saved on a big-endian machine (byteorder 'big'); only little-endian files can be read:"
                            + " save it again on a little-endian machine (x86, ARM)");
        }
        if (!"little".equals(order)) {
            throw new WeightFormatException(
                    file + ": byteorder entry holds '" + UntrustedFiles.printable(order)
                            + "', expected 'little'");
        }
    }

    private static Map<String, WeightTensor> readLegacy(Path file, long fileSize) throws IOException {
        String pickleLimit = file + ": the pickles before the storages take more than the limit of "
                + UntrustedFiles.bytes(SizeLimits.MAX_PICKLE_BYTES);
        try (LimitedInputStream in = new LimitedInputStream(
                new BufferedInputStream(Files.newInputStream(file)),
                Math.min(fileSize, SizeLimits.MAX_PICKLE_BYTES),
                pickleLimit)) {
            Object magic = new TorchUnpickler().read(in);
            if (!LEGACY_MAGIC.equals(toBigInteger(magic))) {
                throw new WeightFormatException(
                        file + ": a pickle, but not a torch.save file (no PyTorch magic number)");
            }
            Object protocol = new TorchUnpickler().read(in);
            if (!(protocol instanceof Number number) || number.longValue() != LEGACY_PROTOCOL) {
                throw new WeightFormatException(
                        file + ": PyTorch legacy protocol " + protocol + ", expected " + LEGACY_PROTOCOL);
            }
            Object sysInfo = new TorchUnpickler().read(in);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new WeightFormatException(file + ": saved on a big-endian machine, expected little-endian");
            }
            Map<String, TensorRef> refs = stateDict(new TorchUnpickler().read(in), file);
            Object keys = new TorchUnpickler().read(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new WeightFormatException(file + ": expected the list of storage keys after the state_dict");
            }
            in.setLimit(fileSize, file + ": longer than its size");
            Map<String, StorageRef> declared = new HashMap<>();
            for (TensorRef ref : refs.values()) {
                declared.put(ref.storage().key(), ref.storage());
            }
            UntrustedFiles.Budget budget = new UntrustedFiles.Budget(file);
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
                if (bytes > in.remaining()) {
                    throw new WeightFormatException(
                            file + ": storage " + key + " needs " + bytes + " bytes but only "
                                    + in.remaining() + " remain in the file; the file is truncated");
                }
                budget.take(bytes, "storage " + key);
                byte[] data = in.readNBytes((int) bytes);
                if (data.length != bytes) {
                    throw new WeightFormatException(file + ": truncated in storage " + key);
                }
                storages.put(storage.key(), ByteBuffer.wrap(data));
            }
            return tensors(refs, storages, file);
        }
    }

    private static long storageBytes(StorageRef storage, Path file) throws WeightFormatException {
        long numel = storage.numel();
        long limit = Math.min(SizeLimits.MAX_WEIGHT_FILE_BYTES, Integer.MAX_VALUE - 8);
        if (numel < 0 || numel > limit / TorchUnpickler.elementSize(storage.dtype())) {
            throw new WeightFormatException(
                    file + ": storage " + storage.key() + " declares " + numel + " " + storage.dtype()
                            + " values, more than the limit of " + UntrustedFiles.bytes(limit) + " for a weight file");
        }
        return numel * TorchUnpickler.elementSize(storage.dtype());
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
        UntrustedFiles.Budget budget = new UntrustedFiles.Budget(file);
        Map<String, WeightTensor> result = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> entry : refs.entrySet()) {
            String name = entry.getKey();
            TensorRef ref = entry.getValue();
            long numel = UntrustedFiles.elements(ref.size(), file + ": tensor " + name);
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
            checkView(name, ref, shape, numel, file);
            budget.take(numel * Float.BYTES, "tensor " + name);
            result.put(name, view(name, ref, shape, numel, storage.order(ByteOrder.LITTLE_ENDIAN)));
        }
        return result;
    }

    /**
     * A view must read inside its storage, and hold no more values than the storage does: PyTorch saves the
     * tensors of a state_dict with their own storage (or a larger one they share), never as a broadcast of
     * a few values, which would let a few bytes of file ask for gigabytes.
     */
    private static void checkView(String name, TensorRef ref, Shape shape, long numel, Path file)
            throws WeightFormatException {
        long storageNumel = ref.storage().numel();
        if (numel > storageNumel) {
            throw new WeightFormatException(
                    file + ": tensor " + name + " " + shape + " has " + numel + " values but its storage "
                            + ref.storage().key() + " holds only " + storageNumel);
        }
        if (numel == 0) {
            return;
        }
        long last = ref.offset();
        boolean inside = last >= 0;
        for (int i = 0; i < ref.size().length && inside; i++) {
            if (ref.stride()[i] < 0) {
                throw new WeightFormatException(file + ": tensor " + name + " has a negative stride");
            }
            try {
                last = Math.addExact(last, Math.multiplyExact(ref.size()[i] - 1, ref.stride()[i]));
            } catch (ArithmeticException e) {
                inside = false;
            }
        }
        if (!inside || last >= storageNumel) {
            throw new WeightFormatException(
                    file + ": tensor " + name + " " + shape + " (offset " + ref.offset() + ", strides "
                            + Arrays.toString(ref.stride()) + ") reaches past the " + storageNumel
                            + " values of storage " + ref.storage().key());
        }
    }

    private static WeightTensor view(String name, TensorRef ref, Shape shape, long numel, ByteBuffer storage) {
        float[] data = new float[(int) numel];
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
}
