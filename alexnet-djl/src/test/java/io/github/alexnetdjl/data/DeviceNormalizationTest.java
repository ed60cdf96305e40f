package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uint8 batches normalized by the engine equal the float32 batches built in Java, in every mode.
 */
class DeviceNormalizationTest {

    @TempDir static Path temp;
    static DecodedImages images;
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    @BeforeAll
    static void data() throws IOException {
        Path root = SyntheticImages.builder().optNumClasses(2).optImagesPerClass(6, 1).optSize(24).build()
                .generate(temp.resolve("data"));
        images = DecodedImages.decode(ImageFolder.scan(root.resolve("train")), 20, 16);
    }

    private static BatchLoader loader(BatchLoader.Mode mode, int batchSize, boolean onDevice) {
        return BatchLoader.builder().setImages(images).setCropSize(16, 16).setBatchSize(batchSize).optMode(mode)
                .optPcaSigma(mode == BatchLoader.Mode.TRAIN ? 0.1f : 0f).optNormalization(MEAN, STD).optSeed(5)
                .optNormalizeOnDevice(onDevice).build();
    }

    /** Compares one epoch batch by batch. */
    private static void compareEpoch(BatchLoader.Mode mode, int batchSize, int epoch) {
        int batches = 0;
        try (BatchLoader floats = loader(mode, batchSize, false);
                BatchLoader bytes = loader(mode, batchSize, true);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Iterator<BatchLoader.HostBatch> expected = floats.epoch(epoch);
            for (Iterator<BatchLoader.HostBatch> it = bytes.epoch(epoch); it.hasNext(); batches++) {
                BatchLoader.HostBatch want = expected.next();
                BatchLoader.HostBatch got = it.next();
                try (NDManager batchManager = manager.newSubManager()) {
                    assertTrue(got.isUint8());
                    NDList xy = got.toNDList(batchManager);
                    assertEquals(want.shape(), xy.get(0).getShape());
                    assertEquals(DataType.FLOAT32, xy.get(0).getDataType());
                    assertArrayEquals(want.labels(), xy.get(1).toFloatArray(), 0f);
                    // Measured worst difference: 7.2e-7 (a few float roundings on values up to 2.6).
                    assertArrayEquals(want.data(), xy.get(0).toFloatArray(), 1e-6f, mode + " batch " + batches);
                }
            }
            assertTrue(!expected.hasNext());
        }
        assertEquals((images.size() + batchSize - 1) / batchSize, batches);
    }

    @Test
    void trainBatchesWithPcaNoiseAndFlipsMatchTheJavaPath() {
        compareEpoch(BatchLoader.Mode.TRAIN, 5, 2);
        compareEpoch(BatchLoader.Mode.TRAIN, 7, 3);
    }

    @Test
    void centerBatchesMatchTheJavaPath() {
        compareEpoch(BatchLoader.Mode.CENTER, 5, 0);
    }

    @Test
    void tenCropBatchesMatchTheJavaPath() {
        compareEpoch(BatchLoader.Mode.TEN_CROP, 5, 0);
    }

    @Test
    void pixelsAreTheRawCenterCropBytes() {
        try (BatchLoader loader = loader(BatchLoader.Mode.CENTER, 12, true)) {
            BatchLoader.HostBatch batch = loader.epoch(0).next();
            ByteBuffer pixels = batch.pixels();
            assertEquals(12 * 3 * 16 * 16, pixels.remaining());
            DecodedImage image = images.get(7);
            int[] o = ImageTransforms.centerOrigin(image, 16, 16);
            int base = 7 * 3 * 256;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        byte want = image.rgb()[((o[1] + y) * image.width() + o[0] + x) * 3 + c];
                        assertEquals(want, pixels.get(base + c * 256 + y * 16 + x));
                    }
                }
            }
            assertThrows(IllegalStateException.class, batch::data, "a uint8 batch has no floats");
        }
    }

    @Test
    void uint8BatchesAreTheDefaultOnAGpuOnly() {
        assertTrue(DeviceNormalization.isDefaultFor(Device.gpu(0)));
        assertTrue(!DeviceNormalization.isDefaultFor(Device.cpu()));
    }

    @Test
    void theFoldedMapEqualsNormalizingShiftedPixelsInDouble() {
        float[] shifts = {0.03f, -0.02f, 0.01f, -0.05f, 0.0f, 0.04f};
        DeviceNormalization map = DeviceNormalization.of(MEAN, STD, shifts);
        ByteBuffer pixels = ByteBuffer.allocateDirect(2 * 3 * 256);
        for (int i = 0; i < pixels.capacity(); i++) {
            pixels.put(i, (byte) (i % 256));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = map.apply(manager, pixels, new Shape(2, 3, 16, 16));
            float[] got = x.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                int crop = i / 768;
                int c = i / 256 % 3;
                double want = ((i % 256) / 255.0 + shifts[3 * crop + c] - MEAN[c]) / STD[c];
                assertEquals(want, got[i], 1e-6, "value " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> map.apply(manager, pixels, new Shape(3, 3, 16, 16)));
        }
        assertThrows(IllegalArgumentException.class, () -> DeviceNormalization.of(MEAN, STD, new float[4]));
    }
}
