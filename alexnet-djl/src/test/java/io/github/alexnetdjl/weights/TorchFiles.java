package io.github.alexnetdjl.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes PyTorch zip files in tests: a state_dict pickled as {@code torch.save} pickles it (protocol 2,
 * {@code _rebuild_tensor_v2} over persistent storages), with any sizes, strides and storage lengths, so that
 * hostile files need no fixture on disk.
 */
final class TorchFiles {

    private TorchFiles() {}

    /** One tensor: a view (offset, size, stride) into float32 storage {@code key} of {@code numel} values. */
    record Tensor(String name, String key, long numel, long offset, long[] size, long[] stride) {}

    /** The pickle {@code torch.save} writes for a state_dict of these tensors. */
    static byte[] stateDictPickle(List<Tensor> tensors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        global(out, "collections", "OrderedDict");
        out.write(')');
        out.write('R');
        for (Tensor t : tensors) {
            string(out, t.name());
            global(out, "torch._utils", "_rebuild_tensor_v2");
            out.write('(');
            out.write('(');
            string(out, "storage");
            global(out, "torch", "FloatStorage");
            string(out, t.key());
            string(out, "cpu");
            integer(out, t.numel());
            out.write('t');
            out.write('Q');
            integer(out, t.offset());
            tuple(out, t.size());
            tuple(out, t.stride());
            out.write(0x89);
            global(out, "collections", "OrderedDict");
            out.write(')');
            out.write('R');
            out.write('t');
            out.write('R');
            out.write('s');
        }
        out.write('.');
        return out.toByteArray();
    }

    /** A zip {@code torch.save} file named {@code archive} holding the pickle and the storages. */
    static void writeStateDict(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((key, data) -> entries.put("archive/data/" + key, data));
        writeZip(file, entries);
    }

    /** Writes a zip of stored (uncompressed) entries, as {@code torch.save} does. */
    static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry e = new ZipEntry(entry.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(entry.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    /**
     * Copies a zip fixture with its entries changed: {@code change} gets each entry's name and bytes and
     * returns the new bytes, or null to drop the entry; {@code extra} entries are added at the end.
     */
    static Path rewrite(String fixture, Path out, BiFunction<String, byte[], byte[]> change, Map<String, byte[]> extra)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(Fixtures.path(fixture).toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] changed = change.apply(entry.getName(), in.readAllBytes());
                    if (changed != null) {
                        entries.put(entry.getName(), changed);
                    }
                }
            }
        }
        entries.putAll(extra);
        writeZip(out, entries);
        return out;
    }

    private static void global(ByteArrayOutputStream out, String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(new byte[] {(byte) utf8.length, (byte) (utf8.length >> 8), (byte) (utf8.length >> 16),
            (byte) (utf8.length >> 24)});
        out.writeBytes(utf8);
    }

    /** LONG1: any integer, little-endian two's complement. */
    private static void integer(ByteArrayOutputStream out, long value) {
        byte[] bigEndian = BigInteger.valueOf(value).toByteArray();
        out.write(0x8a);
        out.write(bigEndian.length);
        for (int i = bigEndian.length - 1; i >= 0; i--) {
            out.write(bigEndian[i]);
        }
    }

    private static void tuple(ByteArrayOutputStream out, long[] values) {
        out.write('(');
        for (long v : values) {
            integer(out, v);
        }
        out.write('t');
    }
}
