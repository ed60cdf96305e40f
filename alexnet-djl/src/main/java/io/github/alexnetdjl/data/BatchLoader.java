package io.github.alexnetdjl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.engine.Seeds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns {@link DecodedImages} into batches, built on all cores ahead of the consumer: as many batches are
 * in flight as there are cores, plus one, so the network never waits for images.
 *
 * <p>In {@link Mode#TRAIN} the order is shuffled each epoch and each image gets a random crop, a random
 * horizontal flip (probability 1/2) and, when a sigma is set, PCA colour noise. The randomness depends only
 * on the seed, the epoch and the position, never on thread timing, so an epoch can be replayed exactly.
 * {@link Mode#CENTER} takes the center crop, {@link Mode#TEN_CROP} the paper's ten crops per image.
 *
 * <pre>{@code
 * try (BatchLoader loader = BatchLoader.builder().setImages(images).setCropSize(64, 64).setBatchSize(128)
 *         .optMode(BatchLoader.Mode.TRAIN).build()) {
 *     for (Iterator<BatchLoader.HostBatch> it = loader.epoch(0); it.hasNext(); ) { ... }
 * }
 * }</pre>
 */
public final class BatchLoader implements AutoCloseable {

    /** How images are cropped. */
    public enum Mode {
        /** Shuffled, random crop, random flip, optional PCA noise. */
        TRAIN,
        /** In order, center crop. */
        CENTER,
        /** In order, the four corner crops and the center crop and their mirror images. */
        TEN_CROP
    }

    /**
     * A batch in host memory: either normalized float32 crops, or the crops' raw uint8 pixels with the
     * per-channel map that normalizes them on the device ({@link DeviceNormalization}); {@link #toNDList}
     * gives the same network input for both.
     */
    public static final class HostBatch {

        private final float[] data;
        private final ByteBuffer pixels;
        private final DeviceNormalization normalization;
        private final float[] labels;
        private final int images;
        private final int cropsPerImage;
        private final Shape shape;

        /**
         * Creates a batch of normalized float32 crops.
         *
         * @param data the crops, CHW each, laid end to end: {@code images * cropsPerImage} crops
         * @param labels one class index per image
         * @param images the number of images
         * @param cropsPerImage 1, or 10 for {@link Mode#TEN_CROP}
         * @param shape the shape of {@code data} as a tensor, (crops, C, H, W)
         */
        public HostBatch(float[] data, float[] labels, int images, int cropsPerImage, Shape shape) {
            this(data, null, null, labels, images, cropsPerImage, shape);
        }

        private HostBatch(float[] data, ByteBuffer pixels, DeviceNormalization normalization, float[] labels,
                int images, int cropsPerImage, Shape shape) {
            this.data = data;
            this.pixels = pixels;
            this.normalization = normalization;
            this.labels = labels;
            this.images = images;
            this.cropsPerImage = cropsPerImage;
            this.shape = shape;
        }

        /**
         * Creates a batch of raw pixels, normalized on the device by {@link #toNDList}.
         *
         * @param pixels the crops as CHW bytes laid end to end from index 0
         * @param normalization the map to the network's input
         * @param labels one class index per image
         * @param images the number of images
         * @param cropsPerImage 1, or 10 for {@link Mode#TEN_CROP}
         * @param shape the crops' shape as a tensor, (crops, C, H, W)
         * @return the batch
         */
        public static HostBatch ofPixels(ByteBuffer pixels, DeviceNormalization normalization, float[] labels,
                int images, int cropsPerImage, Shape shape) {
            return new HostBatch(null, pixels, normalization, labels, images, cropsPerImage, shape);
        }

        /**
         * Returns whether the batch holds raw uint8 pixels rather than normalized floats.
         *
         * @return true for uint8 pixels
         */
        public boolean isUint8() {
            return pixels != null;
        }

        /**
         * Returns the normalized float32 crops, CHW each, laid end to end.
         *
         * @return the array itself
         * @throws IllegalStateException if the batch holds uint8 pixels
         */
        public float[] data() {
            if (data == null) {
                throw new IllegalStateException("this batch holds uint8 pixels, normalized on the device by"
                        + " toNDList; build the loader with optNormalizeOnDevice(false) for float crops");
            }
            return data;
        }

        /**
         * Returns the raw pixels, CHW bytes laid end to end.
         *
         * @return a read-only view from index 0
         * @throws IllegalStateException if the batch holds floats
         */
        public ByteBuffer pixels() {
            if (pixels == null) {
                throw new IllegalStateException("this batch holds normalized floats, not uint8 pixels");
            }
            return pixels.asReadOnlyBuffer().clear();
        }

        /**
         * Returns the map that normalizes the pixels, or null for a float batch.
         *
         * @return the map
         */
        public DeviceNormalization normalization() {
            return normalization;
        }

        /**
         * Returns one class index per image.
         *
         * @return the labels
         */
        public float[] labels() {
            return labels;
        }

        /**
         * Returns the number of images.
         *
         * @return the count
         */
        public int images() {
            return images;
        }

        /**
         * Returns the crops per image: 1, or 10 for {@link Mode#TEN_CROP}.
         *
         * @return the count
         */
        public int cropsPerImage() {
            return cropsPerImage;
        }

        /**
         * Returns the crops' shape as a tensor, (crops, C, H, W).
         *
         * @return the shape
         */
        public Shape shape() {
            return shape;
        }

        /**
         * Copies the batch into NDArrays on the manager's device; uint8 pixels are copied as bytes and
         * normalized there.
         *
         * @param manager the manager the arrays belong to (and whose device they go to)
         * @return the data (crops, C, H, W) and the labels (images) as float32
         */
        public NDList toNDList(NDManager manager) {
            NDArray x = pixels != null
                    ? StagingBuffer.bytes(pixels, staged -> normalization.apply(manager, staged, shape))
                    : StagingBuffer.floats(manager, data, shape);
            NDArray y = StagingBuffer.floats(manager, labels, new Shape(labels.length));
            return new NDList(x, y);
        }
    }

    private final DecodedImages images;
    private final int cropHeight;
    private final int cropWidth;
    private final int batchSize;
    private final Mode mode;
    private final float pcaSigma;
    private final float[] mean;
    private final float[] std;
    private final long seed;
    private final boolean normalizeOnDevice;
    private final ExecutorService executor;
    private final int prefetch;

    private BatchLoader(Builder builder) {
        images = builder.images;
        cropHeight = builder.cropHeight;
        cropWidth = builder.cropWidth;
        batchSize = builder.batchSize;
        mode = builder.mode;
        pcaSigma = builder.pcaSigma;
        mean = builder.mean.clone();
        std = builder.std.clone();
        seed = builder.seed;
        normalizeOnDevice = builder.normalizeOnDevice;
        int threads = builder.threads;
        prefetch = threads + 1;
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "batch-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns the loader threads used unless told otherwise: one per core.
     *
     * @return the count
     */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Returns a builder: center crop, no PCA noise, ImageNet's normalization, seed 0, float32 batches.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of batches in an epoch (the last may be smaller).
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /**
     * Returns the number of images in an epoch.
     *
     * @return the count
     */
    public int size() {
        return images.size();
    }

    /**
     * Returns the batches of one epoch; building starts at once.
     *
     * @param epoch the epoch's index, which with the seed fixes the order and the augmentation
     * @return the batches, in order
     */
    public Iterator<HostBatch> epoch(int epoch) {
        int[] order = order(epoch);
        return new Iterator<>() {
            private final ArrayDeque<Future<HostBatch>> pending = new ArrayDeque<>();
            private int submitted;

            {
                fill();
            }

            private void fill() {
                while (pending.size() < prefetch && submitted < batchesPerEpoch()) {
                    int b = submitted++;
                    pending.add(executor.submit(() -> build(epoch, order, b)));
                }
            }

            @Override
            public boolean hasNext() {
                return !pending.isEmpty();
            }

            @Override
            public HostBatch next() {
                if (pending.isEmpty()) {
                    throw new NoSuchElementException();
                }
                try {
                    HostBatch batch = pending.poll().get();
                    fill();
                    return batch;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading a batch", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("loading a batch failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        };
    }

    private int[] order(int epoch) {
        int n = images.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (mode == Mode.TRAIN) {
            Random random = new Random(Seeds.shuffle(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * Builds one batch: the same crops, flips and random draws for both kinds; float32 batches are noised and
     * normalized here, uint8 ones keep their pixels and carry the noise to the device.
     */
    private HostBatch build(int epoch, int[] order, int batch) {
        int from = batch * batchSize;
        int count = Math.min(batchSize, order.length - from);
        int crops = mode == Mode.TEN_CROP ? 10 : 1;
        int cropSize = 3 * cropHeight * cropWidth;
        int size = count * crops * cropSize;
        float[] data = normalizeOnDevice ? null : new float[size];
        // On the heap: toNDList stages it through a reused direct buffer (StagingBuffer), while a direct
        // buffer per batch would hold native memory until a garbage collection.
        ByteBuffer pixels = normalizeOnDevice ? ByteBuffer.allocate(size).order(ByteOrder.nativeOrder()) : null;
        float[] labels = new float[count];
        float[] shifts = mode == Mode.TRAIN && pcaSigma > 0 ? new float[3 * count] : null;
        for (int k = 0; k < count; k++) {
            int index = order[from + k];
            labels[k] = images.label(index);
            int offset = k * crops * cropSize;
            // One crop per image: the window is chosen before an uncached image is resized, so only the
            // crop's pixels are resampled.
            switch (mode) {
                case TRAIN -> {
                    Random random = new Random(Seeds.augmentation(seed, epoch, from + k));
                    DecodedImages.Window window = images.window(index, cropWidth, cropHeight,
                            (w, h) -> ImageTransforms.randomOrigin(w, h, cropWidth, cropHeight, random));
                    crop(window, random.nextBoolean(), data, pixels, offset);
                    if (shifts != null) {
                        System.arraycopy(ImageTransforms.drawPcaShift(pcaSigma, random), 0, shifts, 3 * k, 3);
                    }
                }
                case CENTER -> crop(images.window(index, cropWidth, cropHeight,
                        (w, h) -> ImageTransforms.centerOrigin(w, h, cropWidth, cropHeight)), false, data, pixels,
                        offset);
                default -> {
                    DecodedImage image = images.get(index);
                    if (data != null) {
                        System.arraycopy(ImageTransforms.tenCrops(image, cropWidth, cropHeight), 0, data, offset,
                                crops * cropSize);
                    } else {
                        ImageTransforms.tenCropsInto(image, cropWidth, cropHeight, pixels, offset);
                    }
                }
            }
        }
        Shape shape = new Shape(count * crops, 3, cropHeight, cropWidth);
        if (pixels != null) {
            return HostBatch.ofPixels(pixels, DeviceNormalization.of(mean, std, shifts), labels, count, crops, shape);
        }
        if (shifts != null) { // TRAIN: one crop per image
            for (int k = 0; k < count; k++) {
                float[] shift = Arrays.copyOfRange(shifts, 3 * k, 3 * k + 3);
                ImageTransforms.addPerChannel(data, k * cropSize, cropSize, shift);
            }
        }
        ImageTransforms.normalize(data, mean, std, cropHeight * cropWidth);
        return new HostBatch(data, labels, count, crops, shape);
    }

    /** One crop into whichever of the float batch and the pixel buffer this loader fills. */
    private void crop(DecodedImages.Window window, boolean flip, float[] data, ByteBuffer pixels, int offset) {
        if (data != null) {
            ImageTransforms.cropInto(window.image(), window.x(), window.y(), cropWidth, cropHeight, flip, data,
                    offset);
        } else {
            ImageTransforms.cropInto(window.image(), window.x(), window.y(), cropWidth, cropHeight, flip, pixels,
                    offset);
        }
    }

    /** Stops the loading threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Builds a {@link BatchLoader}. */
    public static final class Builder {

        private DecodedImages images;
        private int cropHeight;
        private int cropWidth;
        private int batchSize;
        private Mode mode = Mode.CENTER;
        private float pcaSigma;
        private float[] mean = {0.485f, 0.456f, 0.406f};
        private float[] std = {0.229f, 0.224f, 0.225f};
        private long seed;
        private boolean normalizeOnDevice;
        private int threads = defaultThreads();

        private Builder() {}

        /**
         * Sets how many threads build batches; default one per core. On a CPU the engine's own threads
         * want the same cores, so fewer loader threads can leave more for the network (docs/benchmarks.md,
         * "Threads"); a GPU run wants them all.
         *
         * @param threads the loader threads, at least 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Chooses what a batch holds: true for the crops' uint8 pixels, normalized by {@link
         * HostBatch#toNDList} on the device of the manager it is given (a quarter of the bytes to copy to a
         * GPU); false (the default) for normalized float32 crops built in Java. Both give the same network
         * input within float rounding; {@link DeviceNormalization#isDefaultFor} says which the trainer uses.
         *
         * @param normalizeOnDevice whether to hand over uint8 pixels
         * @return this builder
         */
        public Builder optNormalizeOnDevice(boolean normalizeOnDevice) {
            this.normalizeOnDevice = normalizeOnDevice;
            return this;
        }

        /**
         * Sets the images.
         *
         * @param images the decoded images
         * @return this builder
         */
        public Builder setImages(DecodedImages images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the crop's size, the network's input size.
         *
         * @param height the height
         * @param width the width
         * @return this builder
         */
        public Builder setCropSize(int height, int width) {
            this.cropHeight = height;
            this.cropWidth = width;
            return this;
        }

        /**
         * Sets the number of images in a batch.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how images are cropped; default {@link Mode#CENTER}.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the standard deviation of the PCA colour noise in {@link Mode#TRAIN}; default 0 (off), the
         * paper's is 0.1.
         *
         * @param sigma the standard deviation
         * @return this builder
         */
        public Builder optPcaSigma(float sigma) {
            this.pcaSigma = sigma;
            return this;
        }

        /**
         * Sets the per-channel normalization; default ImageNet's.
         *
         * @param mean the means of values in [0, 1]
         * @param std the standard deviations
         * @return this builder
         */
        public Builder optNormalization(float[] mean, float[] std) {
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /**
         * Sets the seed of the shuffle and the augmentation; default 0.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds the loader, starting its threads.
         *
         * @return the loader, to be closed
         */
        public BatchLoader build() {
            if (images == null) {
                throw new IllegalArgumentException("images must be set");
            }
            if (cropHeight <= 0 || cropWidth <= 0 || batchSize <= 0) {
                throw new IllegalArgumentException("crop size and batch size must be positive, got "
                        + cropHeight + "x" + cropWidth + " and " + batchSize);
            }
            if (!(pcaSigma >= 0)) {
                throw new IllegalArgumentException("PCA sigma must be >= 0, got " + pcaSigma);
            }
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("mean and std need 3 values each");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("expected at least 1 loader thread, got " + threads);
            }
            return new BatchLoader(this);
        }
    }
}
