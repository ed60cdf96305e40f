package io.github.alexnetdjl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host batches reach the engine through one reused direct buffer, and the arrays never alias it. */
class StagingBufferTest {

    private static final Shape SHAPE = new Shape(2, 3, 64, 64);

    private static BatchLoader.HostBatch randomBatch(long seed) {
        Random random = new Random(seed);
        float[] data = new float[(int) SHAPE.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new BatchLoader.HostBatch(data, new float[] {seed, seed + 1}, 2, 1, SHAPE);
    }

    @Test
    void arraysKeepTheirValuesWhenTheBufferIsReused() {
        BatchLoader.HostBatch first = randomBatch(1);
        BatchLoader.HostBatch second = randomBatch(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList a = first.toNDList(manager);
            NDList b = second.toNDList(manager);
            assertArrayEquals(first.data(), a.get(0).toFloatArray(), "the second batch overwrote the first");
            assertArrayEquals(first.labels(), a.get(1).toFloatArray());
            assertArrayEquals(second.data(), b.get(0).toFloatArray());
            assertArrayEquals(second.labels(), b.get(1).toFloatArray());
        }
    }

    @Test
    void directMemoryStaysAtOneBufferOverManyBatches() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
        BatchLoader.HostBatch batch = randomBatch(3);
        long batchBytes = SHAPE.size() * 4;
        try (NDManager manager = NDManager.newBaseManager()) {
            try (NDManager scope = manager.newSubManager()) {
                batch.toNDList(scope); // the first call may allocate this thread's buffer
            }
            long before = direct.getMemoryUsed();
            for (int i = 0; i < 20; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    batch.toNDList(scope);
                }
            }
            long grown = direct.getMemoryUsed() - before;
            // DJL's own path would hold a fresh direct copy of every batch until a garbage collection.
            assertTrue(grown < batchBytes, "direct memory grew by " + grown + " bytes over 20 batches of "
                    + batchBytes);
        }
    }
}
