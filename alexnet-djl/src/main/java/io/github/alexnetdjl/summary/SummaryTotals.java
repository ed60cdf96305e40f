package io.github.alexnetdjl.summary;

/**
 * The parameter counts and sizes under a summary's table, over the whole model whatever the layer range.
 *
 * @param trainable the number of scalars in parameters that need gradients
 * @param trainableBytes their size in bytes
 * @param nonTrainable the number of scalars in the others (e.g. BatchNorm's moving statistics)
 * @param nonTrainableBytes their size in bytes
 */
record SummaryTotals(long trainable, long trainableBytes, long nonTrainable, long nonTrainableBytes) {

    long total() {
        return trainable + nonTrainable;
    }

    long totalBytes() {
        return trainableBytes + nonTrainableBytes;
    }
}
