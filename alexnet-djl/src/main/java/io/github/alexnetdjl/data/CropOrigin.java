package io.github.alexnetdjl.data;

/**
 * Chooses where a crop lies in an image of a given size. The loader asks before the image is resized, so
 * that only the crop's window of the resize is computed ({@link DecodedImages#window}).
 *
 * <pre>{@code
 * CropOrigin center = (width, height) -> ImageTransforms.centerOrigin(width, height, 224, 224);
 * }</pre>
 */
@FunctionalInterface
public interface CropOrigin {

    /**
     * Returns the crop's top-left corner.
     *
     * @param imageWidth the width of the image the crop is taken from
     * @param imageHeight its height
     * @return {x, y}
     */
    int[] choose(int imageWidth, int imageHeight);
}
