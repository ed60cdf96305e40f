package io.github.alexnetdjl.jmh;

import io.github.alexnetdjl.bench.PhotoLikeJpegs;
import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.data.ImageTransforms;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The data pipeline's per-image steps on one thread, over 64 photo-like 500×375 JPEGs (the files
 * {@code ./alexnet bench} writes): 1,000,000 / score is images per second per core. Run with {@code -t 2} to
 * load both cores. Score: µs per image.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DataPipelineBenchmark {

    private static final int SHORTER_SIDE = 256;
    private static final int CROP = 224;

    private Path root;
    private List<Path> files;
    private List<DecodedImage> resized;
    private final Random random = new Random(1);
    private int next;

    /** Writes the JPEGs and decodes them once for the cached benchmark. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("alexnet-jmh-pipeline");
        PhotoLikeJpegs.write(root, 64, 500, 375, 0);
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        resized = new ArrayList<>();
        for (Path file : files) {
            resized.add(ImageDecoder.readResized(file, SHORTER_SIDE, CROP));
        }
    }

    /**
     * An uncached training image: decode, resize only the random crop's window, flip, normalize.
     *
     * @return one value of the crop, so the work cannot be optimized away
     * @throws IOException if a file cannot be read
     */
    @Benchmark
    public float decodeCropFlipNormalize() throws IOException {
        DecodedImage window = ImageDecoder.readResized(files.get(next++ % files.size()), SHORTER_SIDE, CROP, CROP,
                CROP, (w, h) -> ImageTransforms.randomOrigin(w, h, CROP, CROP, random));
        return augment(window, 0, 0);
    }

    /**
     * What the cache holds per image: decode and the whole resize to 256.
     *
     * @return one byte of the image
     * @throws IOException if a file cannot be read
     */
    @Benchmark
    public int decodeAndResize() throws IOException {
        return ImageDecoder.readResized(files.get(next++ % files.size()), SHORTER_SIDE, CROP).rgb()[0];
    }

    /**
     * A cached training image: random crop, flip and normalize from the resized pixels.
     *
     * @return one value of the crop
     */
    @Benchmark
    public float cropFlipNormalize() {
        DecodedImage image = resized.get(next++ % resized.size());
        int[] origin = ImageTransforms.randomOrigin(image, CROP, CROP, random);
        return augment(image, origin[0], origin[1]);
    }

    private float augment(DecodedImage image, int x, int y) {
        float[] chw = ImageTransforms.crop(image, x, y, CROP, CROP, random.nextBoolean());
        ImageTransforms.normalize(chw, ModelConfig.IMAGENET_MEAN, ModelConfig.IMAGENET_STD, CROP * CROP);
        return chw[chw.length - 1];
    }

    /** Deletes the JPEGs. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        AtomicFiles.deleteRecursively(root);
    }
}
