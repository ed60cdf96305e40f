package io.github.alexnetdjl.data;

import io.github.alexnetdjl.engine.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An image folder: one sub-folder per class, named after the class, holding JPEG or PNG files (BMP and GIF
 * are read too). Classes are sorted by name; their index is the label.
 *
 * <pre>
 * data/
 *   cat/  001.jpg 002.png ...
 *   dog/  ...
 * </pre>
 */
public final class ImageFolder {

    /** File name endings read as images, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /** One image file and its class index. */
    public record Sample(Path path, int label) {}

    private final Path root;
    private final List<String> classes;
    private final List<Sample> samples;

    private ImageFolder(Path root, List<String> classes, List<Sample> samples) {
        this.root = root;
        this.classes = classes;
        this.samples = samples;
    }

    /**
     * Scans an image folder.
     *
     * @param root the folder holding one sub-folder per class
     * @return the folder's classes and images
     * @throws IOException if the folder is missing, holds no class folders, or a class folder holds no images
     */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(
                    "image folder " + root + " does not exist or is not a directory (expected one sub-folder per class)");
        }
        List<Path> classDirs;
        try (Stream<Path> list = Files.list(root)) {
            classDirs = list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        if (classDirs.isEmpty()) {
            throw new IOException(
                    "image folder " + root + " is empty: expected one sub-folder per class holding JPEG or PNG images");
        }
        List<String> classes = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            List<Path> images;
            try (Stream<Path> list = Files.list(dir)) {
                images = list.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
            }
            if (images.isEmpty()) {
                empty.add(dir.getFileName().toString());
            }
            for (Path image : images) {
                samples.add(new Sample(image, label));
            }
        }
        if (!empty.isEmpty()) {
            throw new IOException(
                    "image folder " + root + ": class folder(s) " + empty + " hold no images (expected files ending in "
                            + EXTENSIONS + ")");
        }
        return new ImageFolder(root, Collections.unmodifiableList(classes), Collections.unmodifiableList(samples));
    }

    /**
     * Whether a file's name ends in one of {@link #EXTENSIONS}.
     *
     * @param file the file
     * @return whether it is read as an image
     */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /**
     * Splits off a validation part: in every class the same fraction, chosen by a seeded shuffle, so the same
     * seed gives the same split.
     *
     * @param validationFraction the fraction of each class that goes to validation, in (0, 1)
     * @param seed the shuffle's seed
     * @return the training part and the validation part, sharing the class names
     * @throws IllegalArgumentException if the fraction is outside (0, 1) or a class has fewer than 2 images
     */
    public ImageFolder[] split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        List<List<Sample>> byClass = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            byClass.add(new ArrayList<>());
        }
        for (Sample s : samples) {
            byClass.get(s.label()).add(s);
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<Sample> inClass = byClass.get(label);
            if (inClass.size() < 2) {
                throw new IllegalArgumentException(
                        "class '" + classes.get(label) + "' has " + inClass.size()
                                + " image(s); a split needs at least 2 per class (or a separate validation folder)");
            }
            Collections.shuffle(inClass, new Random(Seeds.validationSplit(seed, label)));
            int nVal = (int) Math.max(1, Math.min(inClass.size() - 1, Math.round(inClass.size() * validationFraction)));
            val.addAll(inClass.subList(0, nVal));
            train.addAll(inClass.subList(nVal, inClass.size()));
        }
        return new ImageFolder[] {
            new ImageFolder(root, classes, Collections.unmodifiableList(train)),
            new ImageFolder(root, classes, Collections.unmodifiableList(val))
        };
    }

    /**
     * Returns the folder this was scanned from.
     *
     * @return the root folder
     */
    public Path getRoot() {
        return root;
    }

    /**
     * Returns the class names, sorted; a class's index is its label.
     *
     * @return the class names
     */
    public List<String> getClasses() {
        return classes;
    }

    /**
     * Returns the images with their labels, sorted by class and file name.
     *
     * @return the samples
     */
    public List<Sample> getSamples() {
        return samples;
    }
}
