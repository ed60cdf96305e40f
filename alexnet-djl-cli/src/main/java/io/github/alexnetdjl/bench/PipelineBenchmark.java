package io.github.alexnetdjl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.data.BatchLoader;
import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.DeviceNormalization;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageFolder;
import io.github.alexnetdjl.data.ImageTransforms;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times the data pipeline the trainer uses on ImageNet-sized JPEGs written at run time
 * ({@link DecodedImages}, {@link BatchLoader} in {@link BatchLoader.Mode#TRAIN}): decoding once into the
 * cache, the per-epoch random crop, flip, normalize and batch from the cache (its first epoch, and later
 * epochs once the heap has grown to its working size), and the cold path that decodes every epoch. Each
 * batch is turned into a CPU NDArray as the trainer does ({@link BatchLoader.HostBatch#toNDList}): by default
 * the float32 batches built in Java that the trainer uses on the CPU; with {@link
 * Builder#optNormalizeOnDevice} the uint8 batches it uses on a GPU, normalized here by the engine on the CPU.
 * A one-thread breakdown times each step alone by thread CPU time (and warms the JIT first); the engine's
 * normalization of the uint8 path by process CPU time, since libtorch runs it on its own threads.
 *
 * <pre>{@code
 * PipelineReport report = PipelineBenchmark.builder().optImages(256).build().run();
 * }</pre>
 */
public final class PipelineBenchmark {

    /**
     * Untimed epochs between the first epoch and the timed ones: each batch is a fresh 19 MB array, and until
     * the JVM's heap has grown to hold a few of them every batch lands on pages the kernel must first map and
     * zero, which costs several times the augmentation itself.
     */
    private static final int WARMUP_EPOCHS = 4;

    private static final float[] MEAN = ModelConfig.IMAGENET_MEAN;
    private static final float[] STD = ModelConfig.IMAGENET_STD;

    private final int images;
    private final int width;
    private final int height;
    private final int shorterSide;
    private final int crop;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final boolean normalizeOnDevice;

    private PipelineBenchmark(Builder builder) {
        images = builder.images;
        width = builder.width;
        height = builder.height;
        shorterSide = builder.shorterSide;
        crop = builder.crop;
        batchSize = builder.batchSize;
        epochs = builder.epochs;
        seed = builder.seed;
        normalizeOnDevice = builder.normalizeOnDevice;
    }

    /**
     * Returns a builder: 512 JPEGs of 500×375 (ImageNet's most common size), resized to 256 on the shorter
     * side, 224 crops, batch 32, 2 epochs of augmentation, seed 0, float32 batches (the trainer's on the CPU).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the JPEGs into a temporary folder, times the pipeline on them and deletes the folder.
     *
     * @return the report
     * @throws IOException if the temporary folder cannot be written or an image cannot be decoded
     */
    public PipelineReport run() throws IOException {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path root = Files.createTempDirectory("alexnet-pipeline-bench");
        try {
            long bytes = PhotoLikeJpegs.write(root, images, width, height, seed);
            ImageFolder folder = ImageFolder.scan(root);
            Map<String, Double> breakdown = breakdown(folder);
            int threads = Runtime.getRuntime().availableProcessors();
            List<PipelineReport.Stage> stages = new ArrayList<>();
            DecodedImages[] cached = new DecodedImages[1];
            stages.add(stage("decode once", images, threads,
                    () -> cached[0] = DecodedImages.decode(folder, shorterSide, crop, true)));
            stages.add(stage("first epoch", images, threads, () -> consume(cached[0], 0)));
            for (int epoch = 1; epoch <= WARMUP_EPOCHS; epoch++) {
                consume(cached[0], epoch);
            }
            stages.add(stage("augment+batch", images * epochs, threads, () -> {
                for (int epoch = 0; epoch < epochs; epoch++) {
                    consume(cached[0], WARMUP_EPOCHS + 1 + epoch);
                }
            }));
            DecodedImages cold = DecodedImages.decode(folder, shorterSide, crop, false);
            stages.add(stage("cold", images, threads, () -> consume(cold, 0)));
            return new PipelineReport(images, width, height, bytes / images, shorterSide, crop, batchSize, threads,
                    load, stages, breakdown, normalizeOnDevice);
        } finally {
            AtomicFiles.deleteRecursively(root);
        }
    }

    /**
     * Runs one epoch of the trainer's loader and turns every batch into a CPU NDArray as the trainer does.
     */
    private void consume(DecodedImages decoded, int epoch) {
        try (BatchLoader loader = BatchLoader.builder()
                .setImages(decoded)
                .setCropSize(crop, crop)
                .setBatchSize(batchSize)
                .optMode(BatchLoader.Mode.TRAIN)
                .optSeed(seed)
                .optNormalizeOnDevice(normalizeOnDevice)
                .build();
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            double sum = 0;
            for (Iterator<BatchLoader.HostBatch> it = loader.epoch(epoch); it.hasNext(); ) {
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray x = it.next().toNDList(batchManager).get(0);
                    sum += x.getFloat(x.getShape().get(0) - 1, 2, crop - 1, crop - 1);
                }
            }
            if (Double.isNaN(sum)) {
                throw new IllegalStateException("the loader produced NaN");
            }
        }
    }

    private interface Work {
        void run() throws IOException;
    }

    private static PipelineReport.Stage stage(String name, int count, int threads, Work work) throws IOException {
        long cpu = MemoryProbe.processCpuNanos();
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (MemoryProbe.processCpuNanos() - cpu) / 1e9;
        double perSecond = count / seconds;
        return new PipelineReport.Stage(name, count, seconds, cpuSeconds, perSecond, perSecond / threads,
                cpuSeconds > 0 ? count / cpuSeconds : 0);
    }

    /**
     * Times each step on this thread alone, twice over the first images (the first pass warms the JIT), and
     * returns the second pass's CPU milliseconds per image.
     */
    private Map<String, Double> breakdown(ImageFolder folder) throws IOException {
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        int n = Math.min(images, 32);
        long[] nanos = new long[4];
        Random random = new Random(seed);
        DeviceNormalization map = DeviceNormalization.of(MEAN, STD, null);
        ByteBuffer pixels = ByteBuffer.allocateDirect(3 * crop * crop);
        Shape one = new Shape(1, 3, crop, crop);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int pass = 0; pass < 2; pass++) {
                Arrays.fill(nanos, 0);
                for (int i = 0; i < n; i++) {
                    long t0 = threadBean.getCurrentThreadCpuTime();
                    BufferedImage jpeg = ImageDecoder.read(folder.getSamples().get(i).path());
                    long t1 = threadBean.getCurrentThreadCpuTime();
                    // As the uncached loader does: only the crop's window is resized.
                    DecodedImage image = ImageDecoder.resizeShorterSide(jpeg, shorterSide, crop, crop,
                            (w, h) -> ImageTransforms.randomOrigin(w, h, crop, crop, random));
                    long t2 = threadBean.getCurrentThreadCpuTime();
                    if (normalizeOnDevice) {
                        ImageTransforms.cropInto(image, 0, 0, crop, crop, random.nextBoolean(), pixels, 0);
                        long t3 = threadBean.getCurrentThreadCpuTime();
                        long p3 = MemoryProbe.processCpuNanos();
                        map.apply(manager, pixels, one).close();
                        nanos[3] += MemoryProbe.processCpuNanos() - p3;
                        nanos[2] += t3 - t2;
                    } else {
                        float[] chw = ImageTransforms.crop(image, 0, 0, crop, crop, random.nextBoolean());
                        long t3 = threadBean.getCurrentThreadCpuTime();
                        ImageTransforms.normalize(chw, MEAN, STD, crop * crop);
                        nanos[3] += threadBean.getCurrentThreadCpuTime() - t3;
                        nanos[2] += t3 - t2;
                    }
                    nanos[0] += t1 - t0;
                    nanos[1] += t2 - t1;
                }
            }
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        String[] names = {"JPEG decode", "resize to " + shorterSide + " (crop window)", "random crop + flip", "normalize"};
        for (int i = 0; i < names.length; i++) {
            millis.put(names[i], nanos[i] / 1e6 / n);
        }
        return millis;
    }

    /** Builds a {@link PipelineBenchmark}. */
    public static final class Builder {

        private int images = 512;
        private int width = 500;
        private int height = 375;
        private int shorterSide = 256;
        private int crop = 224;
        private int batchSize = 32;
        private int epochs = 2;
        private long seed;
        private boolean normalizeOnDevice;

        private Builder() {}

        /**
         * Chooses the batches timed: true for uint8 pixels normalized by the engine (the trainer's on a GPU),
         * false (the default, the trainer's on the CPU) for float32 batches normalized in Java.
         *
         * @param normalizeOnDevice whether to time the uint8 path
         * @return this builder
         */
        public Builder optNormalizeOnDevice(boolean normalizeOnDevice) {
            this.normalizeOnDevice = normalizeOnDevice;
            return this;
        }

        /**
         * Sets the number of JPEGs; default 512.
         *
         * @param images the count
         * @return this builder
         */
        public Builder optImages(int images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the JPEGs' size; default 500×375.
         *
         * @param width the width
         * @param height the height
         * @return this builder
         */
        public Builder optImageSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the resize and crop sides; default 256 and 224.
         *
         * @param shorterSide the side the shorter side is resized to
         * @param crop the crop's side
         * @return this builder
         */
        public Builder optSides(int shorterSide, int crop) {
            this.shorterSide = shorterSide;
            this.crop = crop;
            return this;
        }

        /**
         * Sets the batch size; default 32.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the epochs of augmentation timed from the cache; default 2.
         *
         * @param epochs the count
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the seed of the images and the augmentation; default 0.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds the benchmark.
         *
         * @return the benchmark
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public PipelineBenchmark build() {
            if (images < 1 || batchSize < 1 || epochs < 1) {
                throw new IllegalArgumentException("pipeline: images, batch size and epochs must be positive, got "
                        + images + ", " + batchSize + ", " + epochs);
            }
            if (crop < 1 || shorterSide < crop || Math.min(width, height) < crop) {
                throw new IllegalArgumentException("pipeline: expected crop <= resized side and crop <= image sides,"
                        + " got crop " + crop + ", resize " + shorterSide + ", images " + width + "x" + height);
            }
            return new PipelineBenchmark(this);
        }
    }
}
