package io.github.alexnetdjl.features;

import io.github.alexnetdjl.data.DecodedImages;

/**
 * Hears how a pass over image files goes: how many are done, and which are skipped as they are skipped, so
 * that a command line can draw a progress bar and name each unreadable file at once.
 */
public interface ImageProgress {

    /** Hears nothing. */
    ImageProgress NONE = new ImageProgress() {};

    /**
     * Called after each batch.
     *
     * @param done the images done so far, skipped ones included
     * @param total the images in all
     */
    default void onImages(int done, int total) {}

    /**
     * Called for each file that cannot be used: unreadable, not an image, too small for the crop.
     *
     * @param skipped the file and why, in a message that names it
     */
    default void onSkipped(DecodedImages.Skipped skipped) {}
}
