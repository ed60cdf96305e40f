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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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
        return TorchFiles.rewrite(fixture, tmp.resolve("changed-" + fixture), change, Map.of());
    }

    private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        TorchFiles.writeZip(file, entries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"little", "little\n"})
    void currentPyTorchsByteOrderEntryIsAccepted(String order) throws Exception {
        // torch.save (since about 1.13) adds <name>/byteorder holding the text "little"
        Path file = TorchFiles.rewrite("torchvision_small.pth", tmp.resolve("byteorder.pth"), (name, data) -> data,
                Map.of("torchvision_small/byteorder", order.getBytes(StandardCharsets.US_ASCII)));
        Map<String, WeightTensor> expected = TorchStateDict.read(Fixtures.path("torchvision_small.pth"));
        Map<String, WeightTensor> actual = TorchStateDict.read(file);
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertArrayEquals(expected.get(key).data(), actual.get(key).data(), key);
        }
    }

    @Test
    void bigEndianFilesAreRefusedNamingTheByteOrder() throws Exception {
        Path file = TorchFiles.rewrite("torchvision_small.pth", tmp.resolve("big.pth"), (name, data) -> data,
                Map.of("torchvision_small/byteorder", "big".getBytes(StandardCharsets.US_ASCII)));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
        assertTrue(e.getMessage().startsWith(file + ": saved on a big-endian machine (byteorder 'big')"), e.getMessage());
    }

    @Test
    void aViewWithMoreValuesThanItsStorageIsRefused() throws Exception {
        // stride 0 repeats one value: 4 stored values seen as a (1000, 16) tensor
        Path file = tmp.resolve("broadcast.pth");
        TorchFiles.writeStateDict(file,
                TorchFiles.stateDictPickle(List.of(new TorchFiles.Tensor("w", "0", 4, 0, new long[] {1000, 16},
                        new long[] {0, 0}))),
                Map.of("0", new byte[16]));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
        assertTrue(e.getMessage().contains("tensor w (1000, 16) has 16000 values but its storage 0 holds only 4"),
                e.getMessage());
    }

    @Test
    void aHugeBroadcastFromATinyFileIsRefusedBeforeAllocating() throws Exception {
        // 50,000,000 x 16 float32 = 3.2 GB claimed by a file of a few hundred bytes
        Path file = tmp.resolve("huge-broadcast.pth");
        TorchFiles.writeStateDict(file,
                TorchFiles.stateDictPickle(List.of(new TorchFiles.Tensor("w", "0", 4, 0,
                        new long[] {50_000_000, 16}, new long[] {0, 0}))),
                Map.of("0", new byte[16]));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
        assertTrue(e.getMessage().contains("tensor w (50000000, 16) has 800,000,000 values, more than the limit of"
                + " 268,435,456 per tensor"), e.getMessage());
    }

    @Test
    void shapesBeyondTheLimitOrALongAreRefusedNamingTheLimit() throws Exception {
        // strides 0 keep the view inside its storage: only the element count can refuse these
        long[][] sizes = {{(1L << 31) + 5, 16}, {1L << 40, 1L << 40}};
        for (long[] size : sizes) {
            Path file = tmp.resolve("huge.pth");
            TorchFiles.writeStateDict(file,
                    TorchFiles.stateDictPickle(List.of(new TorchFiles.Tensor("w", "0", 4, 0, size, new long[] {0, 0}))),
                    Map.of("0", new byte[16]));
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
            assertTrue(e.getMessage().contains(": tensor w (" + size[0] + ", " + size[1] + ") has "), e.getMessage());
            assertTrue(e.getMessage().endsWith("more than the limit of 268,435,456 per tensor"), e.getMessage());
        }
    }

    @Test
    void aViewReachingPastItsStorageIsRefusedWithoutOverflow() throws Exception {
        long[][] views = {
            {0, 3, Long.MAX_VALUE / 2 + 1, 1}, // (3 - 1) * stride is 2^63: a long wraps to a negative index
            {2, 3, 3, 1} // offset 2, strides (3, 1): the last element is 2 + 2 * 3 + 1 = 9, of 6
        };
        for (long[] v : views) {
            Path file = tmp.resolve("past.pth");
            TorchFiles.writeStateDict(file,
                    TorchFiles.stateDictPickle(List.of(new TorchFiles.Tensor("w", "0", 6, v[0],
                            new long[] {v[1], 2}, new long[] {v[2], v[3]}))),
                    Map.of("0", new byte[24]));
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
            assertTrue(e.getMessage().contains("reaches past the 6 values of storage 0"), e.getMessage());
        }
    }

    @Test
    void aStorageBeyondTheFileLimitIsRefusedBeforeReading() throws Exception {
        Path file = tmp.resolve("storage.pth");
        TorchFiles.writeStateDict(file,
                TorchFiles.stateDictPickle(List.of(new TorchFiles.Tensor("w", "0", 1L << 40, 0, new long[] {4},
                        new long[] {1}))),
                Map.of("0", new byte[16]));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(file));
        assertTrue(e.getMessage().contains("storage 0 declares 1099511627776 float32 values, more than the limit of"
                + " 1,073,741,824 bytes"), e.getMessage());
    }

    @Test
    void aPickleStringLongerThanThePickleIsRefusedBeforeAllocating() throws Exception {
        // BINUNICODE declaring 2 GB, in a pickle of 10 bytes
        byte[] pickle = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'a', 'b', '.'};
        Path zip = tmp.resolve("long-string.pth");
        writeZip(zip, Map.of("archive/data.pkl", pickle));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(zip));
        assertTrue(e.getMessage().contains("declares 2147483647 bytes but at most 3 follow"), e.getMessage());
        Path legacy = tmp.resolve("long-string-legacy.pth");
        Files.write(legacy, pickle);
        e = assertThrows(WeightFormatException.class, () -> TorchStateDict.read(legacy));
        assertTrue(e.getMessage().contains("declares 2147483647 bytes but at most 3 follow"), e.getMessage());
    }

    @Test
    void damagedFilesGiveOneMessageNamingTheFile() throws Exception {
        byte[] zip = Files.readAllBytes(Fixtures.path("torchvision_small.pth"));
        byte[] legacy = Files.readAllBytes(Fixtures.path("torchvision_small_legacy.pth"));
        Map<String, byte[]> damaged = new LinkedHashMap<>();
        damaged.put("cut.pth", java.util.Arrays.copyOf(zip, 20_000));
        damaged.put("cut-legacy.pth", java.util.Arrays.copyOf(legacy, 100));
        damaged.put("cut-legacy-pickle.pth", java.util.Arrays.copyOf(legacy, 500));
        for (Map.Entry<String, byte[]> entry : damaged.entrySet()) {
            Path file = tmp.resolve(entry.getKey());
            Files.write(file, entry.getValue());
            IOException e = assertThrows(IOException.class, () -> TorchStateDict.read(file));
            assertTrue(e instanceof WeightFormatException, e.toString());
            assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("truncated"), e.getMessage());
        }
        Path missing = tmp.resolve("missing.pth");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TorchStateDict.read(missing));
        assertEquals(missing + ": no such file; expected a PyTorch state_dict (.pth)", e.getMessage());
    }
}
