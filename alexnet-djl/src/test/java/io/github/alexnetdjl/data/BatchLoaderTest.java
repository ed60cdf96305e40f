package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches: the documented crops in order, ten crops, and training epochs that replay exactly. */
class BatchLoaderTest {

    @TempDir static Path temp;
    static DecodedImages images;
    static final float[] MEAN = {0.5f, 0.4f, 0.3f};
    static final float[] STD = {0.2f, 0.25f, 0.3f};

    @BeforeAll
    static void data() throws IOException {
        Path root = SyntheticImages.builder().optNumClasses(2).optImagesPerClass(5, 1).optSize(20).build()
                .generate(temp.resolve("data"));
        images = DecodedImages.decode(ImageFolder.scan(root.resolve("train")), 18, 16);
    }

    private static BatchLoader loader(BatchLoader.Mode mode) {
        return BatchLoader.builder().setImages(images).setCropSize(16, 16).setBatchSize(4).optMode(mode)
                .optPcaSigma(mode == BatchLoader.Mode.TRAIN ? 0.1f : 0f).optNormalization(MEAN, STD).optSeed(11)
                .optNormalizeOnDevice(false).build();
    }

    private static List<BatchLoader.HostBatch> all(Iterator<BatchLoader.HostBatch> it) {
        List<BatchLoader.HostBatch> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    @Test
    void centerBatchesAreNormalizedCenterCropsInOrder() {
        try (BatchLoader loader = loader(BatchLoader.Mode.CENTER)) {
            List<BatchLoader.HostBatch> batches = all(loader.epoch(0));
            assertEquals(3, batches.size());
            assertEquals(List.of(4, 4, 2), batches.stream().map(BatchLoader.HostBatch::images).toList());
            assertEquals(new Shape(2, 3, 16, 16), batches.get(2).shape());
            int size = 3 * 16 * 16;
            for (int i = 0; i < 10; i++) {
                DecodedImage image = images.get(i);
                int[] o = ImageTransforms.centerOrigin(image, 16, 16);
                float[] expected = ImageTransforms.crop(image, o[0], o[1], 16, 16, false);
                ImageTransforms.normalize(expected, MEAN, STD, 256);
                BatchLoader.HostBatch batch = batches.get(i / 4);
                float[] actual = Arrays.copyOfRange(batch.data(), (i % 4) * size, (i % 4 + 1) * size);
                assertArrayEquals(expected, actual, 0f, "image " + i);
                assertEquals(images.label(i), (int) batch.labels()[i % 4]);
            }
        }
    }

    @Test
    void tenCropBatchesHoldTenCropsPerImage() {
        try (BatchLoader loader = loader(BatchLoader.Mode.TEN_CROP)) {
            BatchLoader.HostBatch first = loader.epoch(0).next();
            assertEquals(new Shape(40, 3, 16, 16), first.shape());
            assertEquals(10, first.cropsPerImage());
            float[] expected = ImageTransforms.tenCrops(images.get(1), 16, 16);
            ImageTransforms.normalize(expected, MEAN, STD, 256);
            assertArrayEquals(expected, Arrays.copyOfRange(first.data(), expected.length, 2 * expected.length), 0f);
        }
    }

    @Test
    void trainingEpochsReplayExactlyAndDifferFromEachOther() {
        try (BatchLoader a = loader(BatchLoader.Mode.TRAIN); BatchLoader b = loader(BatchLoader.Mode.TRAIN)) {
            List<BatchLoader.HostBatch> first = all(a.epoch(3));
            List<BatchLoader.HostBatch> again = all(b.epoch(3));
            List<BatchLoader.HostBatch> next = all(a.epoch(4));
            float[] labels = new float[10];
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i).data(), again.get(i).data(), 0f);
                assertArrayEquals(first.get(i).labels(), again.get(i).labels(), 0f);
                System.arraycopy(first.get(i).labels(), 0, labels, 4 * i, first.get(i).images());
            }
            float[] sorted = labels.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, sorted, 0f, "every image once");
            assertFalse(Arrays.equals(first.get(0).data(), next.get(0).data()), "another epoch, other crops");
        }
    }

    /**
     * Decoded anew each time, the loader resizes only each crop's window; the batches must be the cached
     * loader's, draws (crop, flip, PCA noise) included.
     */
    @Test
    void uncachedImagesGiveTheCachedBatches() throws IOException {
        DecodedImages uncached = DecodedImages.decode(ImageFolder.scan(temp.resolve("data/train")), 18, 16, false);
        assertFalse(uncached.isCached());
        for (BatchLoader.Mode mode : BatchLoader.Mode.values()) {
            try (BatchLoader cached = loader(mode);
                    BatchLoader fresh = BatchLoader.builder().setImages(uncached).setCropSize(16, 16).setBatchSize(4)
                            .optMode(mode).optPcaSigma(mode == BatchLoader.Mode.TRAIN ? 0.1f : 0f)
                            .optNormalization(MEAN, STD).optSeed(11).optNormalizeOnDevice(false).build()) {
                List<BatchLoader.HostBatch> expected = all(cached.epoch(2));
                List<BatchLoader.HostBatch> actual = all(fresh.epoch(2));
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).data(), actual.get(i).data(), 0f, mode + " batch " + i);
                    assertArrayEquals(expected.get(i).labels(), actual.get(i).labels(), 0f, mode + " batch " + i);
                }
            }
        }
    }

    /** The draws depend on the seed, the epoch and the position only: any number of threads gives the same batches. */
    @Test
    void threadCountDoesNotChangeTheBatches() {
        List<BatchLoader.HostBatch> expected;
        try (BatchLoader one = BatchLoader.builder().setImages(images).setCropSize(16, 16).setBatchSize(3)
                .optMode(BatchLoader.Mode.TRAIN).optPcaSigma(0.1f).optSeed(5).optThreads(1).build()) {
            expected = all(one.epoch(1));
        }
        try (BatchLoader three = BatchLoader.builder().setImages(images).setCropSize(16, 16).setBatchSize(3)
                .optMode(BatchLoader.Mode.TRAIN).optPcaSigma(0.1f).optSeed(5).optThreads(3).build()) {
            List<BatchLoader.HostBatch> actual = all(three.epoch(1));
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).data(), actual.get(i).data(), 0f, "batch " + i);
            }
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> BatchLoader.builder().setImages(images).setCropSize(16, 16).setBatchSize(3).optThreads(0).build());
        assertTrue(none.getMessage().contains("loader thread"), none.getMessage());
    }
}
