package io.github.alexnetdjl.engine;

/**
 * Every seed this library derives from a run's one seed, each named here once. A random draw depends only
 * on the run's seed and where it happens (epoch, class, position), never on the order threads run in or on
 * how many draws came before; that is what makes a run repeatable and a resumed run equal to an
 * uninterrupted one.
 *
 * <p>The values are part of a run's identity: changing a derivation changes every split, shuffle, crop and
 * dropout mask that seed ever gave, so the constants stay as they are.
 */
public final class Seeds {

    /**
     * The engine generator's stride between run seeds: the 1000th prime, so that the epochs of runs seeded s
     * and s + 1 only share generator seeds after 7919 epochs.
     */
    private static final long DROPOUT_STRIDE = 7919;

    /** Spreads the classes of one split seed apart. */
    private static final long SPLIT_STRIDE = 31;

    /** Synthetic images: primes larger than any class count and images per class the generator allows. */
    private static final long SYNTHETIC_SEED_STRIDE = 1_000_003L;

    private static final long SYNTHETIC_CLASS_STRIDE = 10_007L;

    /** The shuffle of an epoch takes position -1: no image's augmentation shares its stream. */
    private static final long SHUFFLE_POSITION = -1;

    private Seeds() {}

    /**
     * Returns the seed of the engine's generator for an epoch, which draws the dropout masks. Seeding it at
     * every epoch's start lets a resumed run draw the masks an uninterrupted run draws.
     *
     * @param runSeed the run's seed
     * @param epoch the epoch, from 1
     * @return the seed, truncated to an {@code int} as DJL's {@code Engine.setRandomSeed} takes it
     */
    public static int dropout(long runSeed, int epoch) {
        return (int) (runSeed * DROPOUT_STRIDE + epoch);
    }

    /**
     * Returns the seed of the order of one epoch's training images.
     *
     * @param runSeed the run's seed
     * @param epoch the epoch
     * @return the seed
     */
    public static long shuffle(long runSeed, long epoch) {
        return mix(runSeed, epoch, SHUFFLE_POSITION);
    }

    /**
     * Returns the seed of one training image's crop, flip and colour noise.
     *
     * @param runSeed the run's seed
     * @param epoch the epoch
     * @param position the image's position in the epoch's order, from 0
     * @return the seed
     */
    public static long augmentation(long runSeed, long epoch, long position) {
        return mix(runSeed, epoch, position);
    }

    /**
     * Returns the seed of the shuffle of one class's images before they are split into training and
     * validation.
     *
     * @param splitSeed the split's seed
     * @param label the class
     * @return the seed
     */
    public static long validationSplit(long splitSeed, int label) {
        return splitSeed * SPLIT_STRIDE + label;
    }

    /**
     * Returns the seed of one synthetic image.
     *
     * @param dataSeed the data set's seed
     * @param label the class
     * @param index the image's number within its class
     * @return the seed
     */
    public static long syntheticImage(long dataSeed, int label, int index) {
        return dataSeed * SYNTHETIC_SEED_STRIDE + label * SYNTHETIC_CLASS_STRIDE + index;
    }

    /**
     * A hash of the three coordinates (golden-ratio and MurmurHash3 constants, then MurmurHash3's finalizer
     * steps), so that neighbouring epochs and positions give unrelated streams; {@code java.util.Random}
     * seeded with neighbouring numbers starts out correlated.
     */
    private static long mix(long seed, long epoch, long position) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + position * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        return h * 0xFF51AFD7ED558CCDL;
    }
}
