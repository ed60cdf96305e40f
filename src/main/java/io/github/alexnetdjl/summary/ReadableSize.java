package io.github.alexnetdjl.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts written as Keras writes them, e.g. {@code 237.96 MB}. */
final class ReadableSize {

    private static final String[] LARGER_UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private ReadableSize() {}

    /**
     * Writes a size the way Keras's {@code readable_memory_size} does: divide by 1024 while the value is at
     * least 1024, two decimals.
     *
     * @param bytes the size in bytes
     * @param byteUnit the name of the smallest unit: Keras 2 writes {@code Byte}, Keras 3 {@code B}
     */
    static String of(long bytes, String byteUnit) {
        double value = bytes;
        String unit = byteUnit;
        for (String larger : LARGER_UNITS) {
            if (value / 1024 < 1) {
                return twoDecimals(value) + " " + unit;
            }
            value /= 1024;
            unit = larger;
        }
        return twoDecimals(value) + " " + unit;
    }

    /**
     * Python's {@code "{:.2f}"}: the exact binary value rounded half to even, where {@code String.format}
     * would round 0.125 up.
     */
    static String twoDecimals(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
