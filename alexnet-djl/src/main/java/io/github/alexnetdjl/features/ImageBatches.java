package io.github.alexnetdjl.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads image files in batches as the network sees them, skipping and reporting the ones that cannot be used. */
final class ImageBatches {

    /** Takes one batch of readable images. */
    @FunctionalInterface
    interface Consumer<E extends Exception> {
        void accept(List<InputImage> batch) throws E;
    }

    private ImageBatches() {}

    /**
     * Reads the files in order and hands them on in batches of up to {@code batchSize} readable images.
     *
     * @return the files skipped, in order
     * @throws E what the consumer throws
     */
    static <E extends Exception> List<DecodedImages.Skipped> forEach(ModelConfig config, List<Path> files,
            int batchSize, ImageProgress progress, Consumer<E> consumer) throws E {
        List<DecodedImages.Skipped> skipped = new ArrayList<>();
        List<InputImage> batch = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                batch.add(InputImage.read(config, file));
            } catch (IOException e) {
                DecodedImages.Skipped skip = new DecodedImages.Skipped(file, e.getMessage());
                skipped.add(skip);
                progress.onSkipped(skip);
            }
            if (batch.size() == batchSize || (i == files.size() - 1 && !batch.isEmpty())) {
                consumer.accept(batch);
                batch = new ArrayList<>();
            }
            if (batch.isEmpty()) {
                progress.onImages(i + 1, files.size());
            }
        }
        return skipped;
    }

    /**
     * Stacks preprocessed images into one batch.
     *
     * @param manager the manager of the batch
     * @param images the images, all of one size
     * @return (N, 3, H, W) floats
     */
    static NDArray stack(NDManager manager, List<InputImage> images) {
        int size = images.get(0).input().length;
        float[] data = new float[Math.multiplyExact(images.size(), size)];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).input(), 0, data, i * size, size);
        }
        InputImage first = images.get(0);
        return manager.create(FloatBuffer.wrap(data),
                new Shape(images.size(), size / (first.crop().width() * first.crop().height()),
                        first.crop().height(), first.crop().width()));
    }
}
