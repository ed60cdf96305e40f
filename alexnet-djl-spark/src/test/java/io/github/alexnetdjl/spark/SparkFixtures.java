package io.github.alexnetdjl.spark;

import ai.djl.Device;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.RandomBatchNorms;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark tests' shared pieces: one local session for every test class (starting Spark is the slow part),
 * a tiny model directory, and a small labelled image tree with broken files mixed in.
 */
public final class SparkFixtures {

    /** The tiny model's classes: the first six synthetic shapes. */
    public static final List<String> CLASSES = SyntheticImages.CLASSES.subList(0, 6);

    private static SparkSession session;

    private SparkFixtures() {}

    /**
     * Returns the session every Spark test shares: two cores, no web UI.
     *
     * @return the session
     */
    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("alexnet-djl-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    /**
     * Saves a tiny randomly initialized model, BatchNorm statistics randomized so that folding them matters.
     *
     * @param dir the model directory to create
     * @return {@code dir}
     * @throws IOException if saving fails
     */
    public static Path model(Path dir) throws IOException {
        ModelConfig config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(CLASSES.size())
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        try (AlexNet alexnet = AlexNet.build(config.newBlock(),
                ModelFactory.builder().optDevice(Device.cpu()).optSeed(7).build())) {
            RandomBatchNorms.randomize(alexnet.getBlock(), new Random(7));
            ModelDirectory.save(dir, alexnet.getBlock(), config, CLASSES);
        }
        return dir;
    }

    /**
     * Writes a labelled tree, {@code root/<class>/...}, a folder per class of the model: per class a PNG, a
     * JPEG, a wide and a grey image, none smaller than the crop; and three files that are no images under image names (garbage, empty, a PNG cut short); and a text file,
     * which is not listed.
     *
     * @param root the folder to create
     * @return {@code root}
     * @throws IOException if writing fails
     */
    public static Path images(Path root) throws IOException {
        SyntheticImages synthetic = SyntheticImages.builder().optSize(80).build();
        for (String folder : CLASSES) {
            Path dir = Files.createDirectories(root.resolve(folder));
            int label = CLASSES.indexOf(folder);
            ImageIO.write(synthetic.image(label, 0), "png", dir.resolve("a.png").toFile());
            ImageIO.write(synthetic.image(label, 1), "jpg", dir.resolve("b.JPG").toFile());
            BufferedImage wide = synthetic.image(label, 2).getSubimage(0, 7, 80, 66);
            ImageIO.write(wide, "png", dir.resolve("wide.png").toFile());
            BufferedImage grey = new BufferedImage(70, 90, BufferedImage.TYPE_BYTE_GRAY);
            grey.getGraphics().drawImage(synthetic.image(label, 3), 0, 0, null);
            ImageIO.write(grey, "jpeg", dir.resolve("grey.jpeg").toFile());
        }
        Files.write(root.resolve("circle/garbage.jpg"), "not an image".getBytes(StandardCharsets.US_ASCII));
        Files.write(root.resolve("cross/empty.png"), new byte[0]);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(synthetic.image(0, 9), "png", png);
        byte[] whole = png.toByteArray();
        Files.write(root.resolve("ring/cut.png"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(root.resolve("ring/notes.txt"), "not listed");
        return root;
    }
}
