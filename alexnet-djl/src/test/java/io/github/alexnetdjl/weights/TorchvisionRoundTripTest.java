package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.TorchvisionKeys;
import io.github.alexnetdjl.model.Variant;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training elsewhere and coming back: the torchvision variant exported under torchvision's keys is a state_dict
 * torchvision's AlexNet loads; saved again by {@code torch.save}, it imports back to the same outputs.
 */
class TorchvisionRoundTripTest {

    @TempDir Path tmp;

    @Test
    void exportedUnderTorchvisionKeysItImportsBackToTheSameOutputs() throws Exception {
        try (AlexNet original = TorchvisionImportTest.build(TorchvisionImportTest.fixtureNetwork().build());
                AlexNet back = AlexNet.build(TorchvisionImportTest.fixtureNetwork().build(),
                        ModelFactory.builder().optSeed(6).build());
                NDManager manager = NDManager.newBaseManager()) {
            Path exported = tmp.resolve("alexnet.safetensors");
            WeightExport.write(original.getBlock(), exported, WeightExport.Keys.TORCHVISION);
            NDList tensors;
            try (InputStream in = Files.newInputStream(exported)) {
                tensors = NDList.decode(manager, in);
            }
            List<String> names = new ArrayList<>();
            for (NDArray t : tensors) {
                names.add(t.getName());
            }
            assertEquals(new HashSet<>(TorchvisionKeys.all().values()), new HashSet<>(names),
                    "torchvision.models.alexnet().state_dict()'s keys");

            // What torch.save(model.state_dict(), "trained.pth") writes of them.
            Path trained = tmp.resolve("trained.pth");
            List<TorchFiles.Tensor> dict = new ArrayList<>();
            Map<String, byte[]> storages = new LinkedHashMap<>();
            for (NDArray t : tensors) {
                String key = String.valueOf(dict.size());
                long[] size = t.getShape().getShape();
                long[] stride = new long[size.length];
                for (int i = size.length - 1, s = 1; i >= 0; s *= (int) size[i], i--) {
                    stride[i] = s;
                }
                dict.add(new TorchFiles.Tensor(t.getName(), key, t.size(), 0, size, stride));
                ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(t.size() * 4)).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(t.toFloatArray());
                storages.put(key, bytes.array());
            }
            TorchFiles.writeStateDict(trained, TorchFiles.stateDictPickle(dict), storages);

            NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 127, 159));
            float[] before = back.predict(images).toFloatArray();
            float[] expected = original.predict(images).toFloatArray();
            assertFalse(java.util.Arrays.equals(expected, before), "the second network starts elsewhere");
            WeightImport.torchvision(trained, back.getBlock());
            assertArrayEquals(expected, back.predict(images).toFloatArray());
        }
    }

    @Test
    void torchvisionKeysAreRefusedForTheOtherVariants() throws Exception {
        try (AlexNet seed = AlexNet.build(AlexNetBlock.builder().optVariant(Variant.SEED).optInputShape(3, 64, 64)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).optNumClasses(3).build(),
                ModelFactory.builder().optSeed(1).build())) {
            Path file = tmp.resolve("seed.safetensors");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeightExport.write(seed.getBlock(), file, WeightExport.Keys.TORCHVISION));
            assertEquals("torchvision's keys name the parameters of the torchvision variant; this network is the seed"
                    + " variant", e.getMessage());
            assertFalse(Files.exists(file));
        }
    }
}
