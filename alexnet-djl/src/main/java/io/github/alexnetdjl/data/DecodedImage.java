package io.github.alexnetdjl.data;

/**
 * An RGB image as bytes, row by row, three bytes (R, G, B) a pixel.
 *
 * @param width the width in pixels
 * @param height the height in pixels
 * @param rgb the pixels, {@code (y * width + x) * 3 + channel}
 */
public record DecodedImage(int width, int height, byte[] rgb) {

    /**
     * Checks the buffer's length.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     * @param rgb the pixels
     */
    public DecodedImage {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected " + width + "x" + height + "x3 bytes, got " + rgb.length);
        }
    }

    /**
     * Returns one channel of one pixel as an unsigned value.
     *
     * @param x the column
     * @param y the row
     * @param channel 0 red, 1 green, 2 blue
     * @return the value in [0, 255]
     */
    public int get(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xff;
    }
}
