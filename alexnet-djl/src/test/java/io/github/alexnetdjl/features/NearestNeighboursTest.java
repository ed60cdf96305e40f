package io.github.alexnetdjl.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nearest neighbours by feature distance, and their Figure 4 grid. */
class NearestNeighboursTest {

    @TempDir static Path temp;
    static Path model;
    static List<Path> index;

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModel.save(temp.resolve("model"), 3);
        index = TinyModel.images(temp.resolve("index"), 7);
    }

    /** fc7 of one image, computed alone: independent of the batches the search uses. */
    private static float[] fc7(FeatureExtractor extractor, NDManager manager, Path file) throws Exception {
        float[] chw = AlexNetTranslator.preprocess(TinyModel.CONFIG, ImageDecoder.read(file));
        return extractor.extract(manager.create(chw, new Shape(1, 3, 64, 64))).toFloatArray();
    }

    @Test
    void neighboursAreTheNearestByFeatureDistanceAndAnIndexedQueryFindsItselfAtZero() throws Exception {
        Path copy = temp.resolve("queries").resolve("copy-of-4.png");
        Files.createDirectories(copy.getParent());
        Files.copy(index.get(4), copy);
        Path broken = temp.resolve("queries").resolve("broken.png");
        Files.writeString(broken, "no");
        List<Path> queries = List.of(index.get(2), broken, copy);
        try (AlexNet alexnet = TinyModel.load(model, true);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            FeatureExtractor extractor = FeatureExtractor.builder().setModel(alexnet).optBatchSize(3).build();
            NearestNeighbours.Result result = NearestNeighbours.builder().setExtractor(extractor).optK(4).build()
                    .search(ImageFiles.expand(List.of(index.get(0).getParent())), queries, ImageProgress.NONE);

            assertEquals(1, result.skipped().size());
            assertEquals(broken, result.skipped().get(0).path());
            assertEquals(2, result.matches().size());
            for (NearestNeighbours.Match match : result.matches()) {
                float[] query = fc7(extractor, manager, match.query().source());
                List<double[]> expected = new ArrayList<>();
                for (int i = 0; i < index.size(); i++) {
                    expected.add(new double[] {i, NearestNeighbours.distance(query, fc7(extractor, manager, index.get(i)))});
                }
                expected.sort(Comparator.comparingDouble(d -> d[1]));
                assertEquals(4, match.neighbours().size());
                for (int n = 0; n < 4; n++) {
                    NearestNeighbours.Neighbour found = match.neighbours().get(n);
                    assertEquals(index.get((int) expected.get(n)[0]), found.path(), "neighbour " + n);
                    assertEquals(expected.get(n)[1], found.distance(), 1e-4 * (1 + expected.get(n)[1]));
                }
            }
            NearestNeighbours.Neighbour itself = result.matches().get(0).neighbours().get(0);
            assertEquals(index.get(2), itself.path());
            assertEquals(0.0, itself.distance());
            NearestNeighbours.Neighbour original = result.matches().get(1).neighbours().get(0);
            assertEquals(index.get(4), original.path());
            assertTrue(original.distance() < 1e-4, "a copy is as near as rounding allows: " + original.distance());
        }
    }

    @Test
    void theGridHasTheQueriesInTheFirstColumnAndTheirNeighboursBeside() throws Exception {
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            FeatureExtractor extractor = FeatureExtractor.builder().setModel(alexnet).build();
            NearestNeighbours.Result result = NearestNeighbours.builder().setExtractor(extractor).optK(3).build()
                    .search(index, List.of(index.get(0), index.get(5)), ImageProgress.NONE);
            Path png = temp.resolve("grid.png");
            NeighbourGrid.write(result.matches(), NeighbourGrid.MAX_CELL, png);
            BufferedImage grid = ImageDecoder.read(png);
            // 64-pixel crops drawn at their size: 4 + 64 + 16 + 3 * (64 + 4) wide, 4 + 2 * (64 + 4) high
            assertEquals(288, grid.getWidth());
            assertEquals(140, grid.getHeight());
            for (int row = 0; row < 2; row++) {
                NearestNeighbours.Match match = result.matches().get(row);
                int y = 4 + row * 68;
                assertEquals(match.query().picture().getRGB(10, 20) & 0xffffff, grid.getRGB(4 + 10, y + 20) & 0xffffff);
                for (int column = 0; column < 3; column++) {
                    BufferedImage neighbour = InputImage.picture(match.neighbours().get(column).crop());
                    assertEquals(neighbour.getRGB(30, 40) & 0xffffff,
                            grid.getRGB(4 + 64 + 16 + column * 68 + 30, y + 40) & 0xffffff);
                }
            }
        }
    }

    @Test
    void kMustBePositive() throws Exception {
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            FeatureExtractor extractor = FeatureExtractor.builder().setModel(alexnet).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NearestNeighbours.builder().setExtractor(extractor).optK(0).build());
            assertEquals("k: expected a positive number of neighbours, got 0", e.getMessage());
        }
    }
}
