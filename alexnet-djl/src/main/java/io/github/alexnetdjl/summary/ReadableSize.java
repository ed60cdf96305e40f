package io.github.alexnetdjl.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts written as Keras writes them, e.g. {@code 237.96 MB}. */
final class ReadableSize {

    private ReadableSize() {}

    /**
     * Writes a size the way Keras's {@code readable_memory_size} does: divide by 1024 while the value is at
     * least 1024, two decimals.
     *
     * @param bytes the size in bytes
     * @param byteUnit the name of the smallest unit: Keras 2 writes {@code Byte}, Keras 3 {@code B}
     */
    static String of(long bytes, String byteUnit) {
        String[] units = {byteUnit, "KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        for (String unit : units) {
            if (value / 1024 < 1) {
                return twoDecimals(value) + " " + unit;
            }
            value /= 1024;
        }
        // as in Keras, past the last unit the value has been divided once more than its unit says
        return twoDecimals(value) + " " + units[units.length - 1];
    }

    /**
     * Python's {@code "{:.2f}"}: the exact binary value rounded half to even, where {@code String.format}
     * would round 0.125 up.
     */
    static String twoDecimals(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
