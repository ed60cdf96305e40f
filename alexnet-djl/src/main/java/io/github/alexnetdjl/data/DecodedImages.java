package io.github.alexnetdjl.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of an {@link ImageFolder}, decoded on all cores and resized so the shorter side has a given
 * length. When the resized images fit in a share of the heap they are kept as bytes, so each file is decoded
 * once; otherwise they are decoded again on every use.
 *
 * <p>Files that cannot be decoded are skipped, counted and named in one warning ({@link #getSkipped()}).
 * Images whose shorter side is below the crop size are an error before any work starts.
 */
public final class DecodedImages {

    private static final Logger logger = LoggerFactory.getLogger(DecodedImages.class);

    /** The share of the maximum heap the cache may take. */
    private static final double CACHE_SHARE = 0.4;

    /** A file that was skipped and why. */
    public record Skipped(Path path, String reason) {}

    /**
     * A crop's window in an image: the crop is {@code image}'s rectangle at ({@code x}, {@code y}) of the size
     * asked for. From the cache that is the whole resized image and the chosen corner; decoded anew, just the
     * window at (0, 0).
     *
     * @param image the pixels that hold the crop
     * @param x the crop's first column in {@code image}
     * @param y the crop's first row in {@code image}
     */
    public record Window(DecodedImage image, int x, int y) {}

    private final List<String> classes;
    private final List<ImageFolder.Sample> samples;
    private final List<DecodedImage> cache;
    private final List<Skipped> skipped;
    private final int shorterSide;

    private DecodedImages(
            List<String> classes,
            List<ImageFolder.Sample> samples,
            List<DecodedImage> cache,
            List<Skipped> skipped,
            int shorterSide) {
        this.classes = classes;
        this.samples = samples;
        this.cache = cache;
        this.skipped = skipped;
        this.shorterSide = shorterSide;
    }

    /**
     * Decodes a folder's images, caching them when they fit.
     *
     * @param folder the images
     * @param shorterSide the length the shorter side is resized to
     * @param minSide the smallest shorter side a file may have (the crop size)
     * @return the decoded images
     * @throws IOException if an image is smaller than {@code minSide}, or no image could be decoded
     */
    public static DecodedImages decode(ImageFolder folder, int shorterSide, int minSide) throws IOException {
        long bytes = (long) folder.getSamples().size() * shorterSide * shorterSide * 3 * 4 / 3;
        boolean fits = bytes < Runtime.getRuntime().maxMemory() * CACHE_SHARE;
        return decode(folder, shorterSide, minSide, fits);
    }

    /**
     * Decodes a folder's images.
     *
     * @param folder the images
     * @param shorterSide the length the shorter side is resized to
     * @param minSide the smallest shorter side a file may have (the crop size)
     * @param keep whether to keep the decoded images in memory
     * @return the decoded images
     * @throws IOException if an image is smaller than {@code minSide}, or no image could be decoded
     */
    public static DecodedImages decode(ImageFolder folder, int shorterSide, int minSide, boolean keep)
            throws IOException {
        List<ImageFolder.Sample> all = folder.getSamples();
        Object[] results = new Object[all.size()];
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            pool.submit(() -> IntStream.range(0, all.size()).parallel().forEach(i -> {
                        Path path = all.get(i).path();
                        try {
                            if (keep) {
                                results[i] = ImageDecoder.readResized(path, shorterSide, minSide);
                            } else {
                                ImageDecoder.check(path, minSide); // the loader resizes each crop's window later
                                results[i] = Boolean.TRUE;
                            }
                        } catch (ImageDecoder.TooSmallException e) {
                            results[i] = new TooSmall(path, e.getWidth(), e.getHeight());
                        } catch (IOException e) {
                            results[i] = new Skipped(path, e.getMessage());
                        }
                    }))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding " + folder.getRoot(), e);
        } catch (ExecutionException e) {
            throw new IOException("decoding " + folder.getRoot() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        List<ImageFolder.Sample> kept = new ArrayList<>();
        List<DecodedImage> cache = keep ? new ArrayList<>() : null;
        List<Skipped> skipped = new ArrayList<>();
        List<TooSmall> tooSmall = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Object r = results[i];
            if (r instanceof Skipped s) {
                skipped.add(s);
            } else if (r instanceof TooSmall t) {
                tooSmall.add(t);
            } else {
                kept.add(all.get(i));
                if (keep) {
                    cache.add((DecodedImage) r);
                }
            }
        }
        if (!tooSmall.isEmpty()) {
            // One line, the first few named: an error message is one line however many files it is about.
            StringBuilder names = new StringBuilder();
            for (TooSmall t : tooSmall.subList(0, Math.min(5, tooSmall.size()))) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s (%dx%d)", t.path(), t.width(), t.height()));
            }
            throw new IOException(String.format(
                    Locale.ROOT,
                    "%d image(s) in %s are smaller than the %d pixels the network's input needs on the shorter side"
                            + " (remove them, or use a smaller input size): %s%s",
                    tooSmall.size(), folder.getRoot(), minSide, names,
                    tooSmall.size() > 5 ? " and " + (tooSmall.size() - 5) + " more" : ""));
        }
        if (!skipped.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (Skipped s : skipped) {
                names.append("\n  ").append(s.reason());
            }
            logger.warn("Skipped {} unreadable image(s) of {} in {}:{}", skipped.size(), all.size(), folder.getRoot(), names);
        }
        if (kept.isEmpty()) {
            throw new IOException("no image in " + folder.getRoot() + " could be decoded");
        }
        return new DecodedImages(
                folder.getClasses(),
                Collections.unmodifiableList(kept),
                cache == null ? null : Collections.unmodifiableList(cache),
                Collections.unmodifiableList(skipped),
                shorterSide);
    }

    private record TooSmall(Path path, int width, int height) {}

    /**
     * Returns the number of usable images.
     *
     * @return the count
     */
    public int size() {
        return samples.size();
    }

    /**
     * Returns an image, resized.
     *
     * @param index the image's index, in [0, size())
     * @return the image
     * @throws UncheckedIOException if the image is not cached and can no longer be read
     */
    public DecodedImage get(int index) {
        if (cache != null) {
            return cache.get(index);
        }
        try {
            return ImageDecoder.readResized(samples.get(index).path(), shorterSide, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the pixels of one crop of an image, resized. {@code origin} is asked once where the crop lies in
     * the resized image; when the image is decoded anew, only that window is resized (the same bytes as
     * cropping the whole resize, for about 60 % of its cost at 224 of 256).
     *
     * @param index the image's index, in [0, size())
     * @param width the crop's width
     * @param height the crop's height
     * @param origin chooses the crop's top-left corner from the resized image's size
     * @return the window holding the crop
     * @throws UncheckedIOException if the image is not cached and can no longer be read
     */
    public Window window(int index, int width, int height, CropOrigin origin) {
        if (cache != null) {
            DecodedImage image = cache.get(index);
            int[] corner = origin.choose(image.width(), image.height());
            return new Window(image, corner[0], corner[1]);
        }
        try {
            return new Window(ImageDecoder.readResized(samples.get(index).path(), shorterSide, 1, width, height,
                    origin), 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns an image's class index.
     *
     * @param index the image's index
     * @return the label
     */
    public int label(int index) {
        return samples.get(index).label();
    }

    /**
     * Returns the usable images' files and labels.
     *
     * @return the samples
     */
    public List<ImageFolder.Sample> getSamples() {
        return samples;
    }

    /**
     * Returns the class names.
     *
     * @return the class names
     */
    public List<String> getClasses() {
        return classes;
    }

    /**
     * Returns the files that could not be decoded.
     *
     * @return the skipped files with reasons
     */
    public List<Skipped> getSkipped() {
        return skipped;
    }

    /**
     * Whether the images are kept in memory.
     *
     * @return whether they are cached
     */
    public boolean isCached() {
        return cache != null;
    }
}
