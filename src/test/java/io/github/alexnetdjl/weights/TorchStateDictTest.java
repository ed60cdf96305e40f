package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch state_dict files in both formats read to the tensors numpy wrote alongside them, and hostile or
 * damaged files are refused before anything is allocated or run.
 */
class TorchStateDictTest {

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"torchvision_small.pth", "torchvision_small_legacy.pth"})
    void tensorsEqualWhatNumpyWrote(String file) throws Exception {
        Map<String, WeightTensor> tensors = TorchStateDict.read(Fixtures.path(file));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList reference = Fixtures.npz(manager, "torchvision_small_state.npz");
            assertEquals(reference.size(), tensors.size());
            assertEquals(
                    List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                            "features.6.weight", "features.6.bias", "features.8.weight", "features.8.bias",
                            "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias",
                            "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias"),
                    List.copyOf(tensors.keySet()));
            for (NDArray expected : reference) {
                WeightTensor actual = tensors.get(expected.getName());
                assertEquals(expected.getShape(), actual.shape(), expected.getName());
                assertArrayEquals(expected.toFloatArray(), actual.data(), expected.getName());
            }
        }
    }

    @Test
    void viewsOfOneStorageFollowTheirOffsetsAndStrides() throws Exception {
        // torch_views_legacy.pth: one storage holding 0 .. 5, seen as a (2, 3) matrix pickled the pre-1.0
        // way (_rebuild_tensor), its transpose, and a slice starting at element 2.
        Map<String, WeightTensor> tensors = TorchStateDict.read(Fixtures.path("torch_views_legacy.pth"));
        assertEquals(new Shape(2, 3), tensors.get("matrix").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, tensors.get("matrix").data());
        assertEquals(new Shape(3, 2), tensors.get("transposed").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tensors.get("transposed").data());
        assertEquals(new Shape(3), tensors.get("slice").shape());
        assertArrayEquals(new float[] {2, 3, 4}, tensors.get("slice").data());
    }

    @Test
    void aForbiddenGlobalIsRefused() throws Exception {
        // protocol 2: os.system("echo pwned"), the classic pickle exploit
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2});
        pickle.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] command = "echo pwned".getBytes(StandardCharsets.US_ASCII);
        pickle.write(new byte[] {'X', (byte) command.length, 0, 0, 0});
        pickle.write(command);
        pickle.write(new byte[] {(byte) 0x85, 'R', '.'});
        Path zip = tmp.resolve("evil.pth");
        writeZip(zip, Map.of("evil/data.pkl", pickle.toByteArray()));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(zip));
        assertTrue(e.getMessage().contains("refusing global 'os.system'"), e.getMessage());

        // protocol 4 names globals from the stack: STACK_GLOBAL
        ByteArrayOutputStream stackGlobal = new ByteArrayOutputStream();
        stackGlobal.write(new byte[] {(byte) 0x80, 4, (byte) 0x8c, 8});
        stackGlobal.write("builtins".getBytes(StandardCharsets.US_ASCII));
        stackGlobal.write(new byte[] {(byte) 0x8c, 4});
        stackGlobal.write("eval".getBytes(StandardCharsets.US_ASCII));
        stackGlobal.write(new byte[] {(byte) 0x93, (byte) 0x8c, 1, '1', (byte) 0x85, 'R', '.'});
        Path zip4 = tmp.resolve("evil4.pth");
        writeZip(zip4, Map.of("evil4/data.pkl", stackGlobal.toByteArray()));
        e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(zip4));
        assertTrue(e.getMessage().contains("refusing global 'builtins.eval'"), e.getMessage());

        Path legacy = tmp.resolve("evil_legacy.pth");
        Files.write(legacy, pickle.toByteArray());
        e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(legacy));
        assertTrue(e.getMessage().contains("refusing global 'os.system'"), e.getMessage());
    }

    @Test
    void aTruncatedStorageIsRefusedBeforeReading() throws Exception {
        Path cut = rewrite("torchvision_small.pth", (name, data) ->
                name.endsWith("/data/0") ? java.util.Arrays.copyOf(data, data.length / 2) : data);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(cut));
        assertTrue(e.getMessage().contains("storage 0 declares"), e.getMessage());
    }

    @Test
    void aTruncatedLegacyFileIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("torchvision_small_legacy.pth"));
        Path cut = tmp.resolve("cut_legacy.pth");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 1000));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(cut));
        assertTrue(e.getMessage().contains("remain in the file"), e.getMessage());
    }

    @Test
    void notAStateDictIsRefused() throws Exception {
        WeightFormatException e = assertThrows(
                WeightFormatException.class, () -> TorchStateDict.read(Fixtures.path("keras_seed_weights.h5")));
        assertTrue(e.getMessage().contains("not a PyTorch state_dict file"), e.getMessage());
    }

    @Test
    void anExtraTensorIsNamed() throws Exception {
        Map<String, WeightTensor> tensors = new java.util.LinkedHashMap<>(TorchStateDict.read(Fixtures.path("torchvision_small.pth")));
        tensors.put("features.1.weight", tensors.get("features.0.bias"));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchvisionMapping.toParameters(tensors));
        assertTrue(e.getMessage().contains("features.1.weight"), e.getMessage());
    }

    private Path rewrite(String fixture, BiFunction<String, byte[], byte[]> change) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(Fixtures.path(fixture).toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), change.apply(entry.getName(), in.readAllBytes()));
                }
            }
        }
        Path out = tmp.resolve("changed-" + fixture);
        writeZip(out, entries);
        return out;
    }

    private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
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
}
