package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Top-1 and top-5 accuracy over batches, ties and NaN rows as {@link Ranks} orders them. */
class TopKCounterTest {

    @Test
    void countsTopOneAndTopFiveOverBatches() {
        TopKCounter hits = new TopKCounter(6);
        float nan = Float.NaN;
        // rank 0 (a tie is a hit), rank 4, rank 5
        hits.add(new float[] {
            0.5f, 0.5f, 0f, 0f, 0f, 0f,
            0.9f, 0.8f, 0.7f, 0.6f, 0.1f, 0.5f,
            0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f
        }, new float[] {1, 5, 0});
        // a diverged row: a miss at every k
        hits.add(new float[] {1f, nan, 0f, 0f, 0f, 0f}, new float[] {0});
        assertEquals(4, hits.images());
        assertEquals(1 / 4.0, hits.top1Accuracy());
        assertEquals(2 / 4.0, hits.top5Accuracy());
    }

    @Test
    void aBatchMustHaveOneRowPerLabel() {
        TopKCounter hits = new TopKCounter(3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> hits.add(new float[5], new float[2]));
        assertEquals("5 scores for 2 labels of 3 classes", e.getMessage());
        assertEquals(Double.NaN, new TopKCounter(3).top1Accuracy());
    }
}
