package io.github.alexnetdjl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The derivations keep the values every earlier run drew with (computed here by hand, and the hash by a
 * Python transcription of it), so a seed still gives the same split, shuffle, crops and dropout.
 */
class SeedsTest {

    @Test
    void dropoutIsTheRunSeedTimes7919PlusTheEpochAsAnInt() {
        assertEquals(332_601, Seeds.dropout(42, 3));
        assertEquals(1, Seeds.dropout(1L << 40, 1), "the low 32 bits of 2^40 * 7919 + 1");
    }

    @Test
    void splitsAndSyntheticImagesKeepTheirSeeds() {
        assertEquals(42 * 31 + 2, Seeds.validationSplit(42, 2));
        assertEquals(42_030_152L, Seeds.syntheticImage(42, 3, 5));
    }

    @Test
    void shuffleAndAugmentationAreTheHashOfSeedEpochAndPosition() {
        assertEquals(-3_669_406_919_305_521_620L, Seeds.shuffle(42, 3));
        assertEquals(-6_867_677_536_265_009_578L, Seeds.augmentation(42, 3, 7));
    }
}
