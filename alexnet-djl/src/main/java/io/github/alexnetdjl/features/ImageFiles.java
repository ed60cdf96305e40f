package io.github.alexnetdjl.features;

import io.github.alexnetdjl.data.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The image files a list of files and folders names, as the feature and neighbour commands take them. */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Lists image files: a folder stands for every image file below it, at any depth (names ending in one of
     * {@link ImageFolder#EXTENSIONS}, hidden files and folders left out), in path order; any other path is
     * kept as given, so that a missing or unreadable file is reported where it is used.
     *
     * @param paths files and folders
     * @return the image files, folders expanded in place
     * @throws IOException if a folder cannot be listed, or holds no image files
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            List<Path> images;
            try (Stream<Path> walk = Files.walk(path)) {
                images = walk.filter(p -> !hidden(path.relativize(p)))
                        .filter(Files::isRegularFile)
                        .filter(ImageFolder::isImage)
                        .sorted()
                        .toList();
            }
            if (images.isEmpty()) {
                throw new IOException("folder " + path + " holds no image files (expected names ending in "
                        + ImageFolder.EXTENSIONS + ")");
            }
            files.addAll(images);
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
