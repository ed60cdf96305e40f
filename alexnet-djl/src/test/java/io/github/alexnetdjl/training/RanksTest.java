package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Ranks of the true class, and rows a diverged network produces. */
class RanksTest {

    @Test
    void countsTheClassesScoringStrictlyHigher() {
        float[] rows = {0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0.0f};
        assertEquals(0, Ranks.rank(rows, 0, 3, 1));
        assertEquals(1, Ranks.rank(rows, 0, 3, 2));
        assertEquals(2, Ranks.rank(rows, 0, 3, 0));
        assertEquals(0, Ranks.rank(rows, 1, 3, 0), "a tie is a hit");
        assertEquals(0, Ranks.rank(rows, 1, 3, 1));
        assertEquals(2, Ranks.rank(rows, 1, 3, 2));
    }

    @Test
    void aRowWithNanIsAMissAtEveryK() {
        float nan = Float.NaN;
        assertEquals(3, Ranks.rank(new float[] {nan, nan, nan}, 0, 3, 1));
        assertEquals(3, Ranks.rank(new float[] {0.2f, nan, 0.1f}, 0, 3, 0));
        assertEquals(3, Ranks.rank(new float[] {0.2f, nan, 0.1f}, 0, 3, 1));
        assertEquals(3, Ranks.rank(new float[] {1f, 0f, 0f, 0.1f, nan, 0.2f}, 1, 3, 0));
        assertEquals(0, Ranks.rank(new float[] {1f, 0f, 0f, 0.1f, nan, 0.2f}, 0, 3, 0), "other rows count");
    }
}
