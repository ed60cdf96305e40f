package io.github.alexnetdjl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format decides the network and its preprocessing; a format that is not registered imports through
 * {@link ModelImport} by implementing {@link WeightFormat} alone.
 */
class WeightFormatTest {

    @TempDir Path tmp;

    /** torchvision's layout, trained on pixels scaled to [-1, 1]: (x - 0.5) / 0.5. */
    private static final class SignedPixelsFormat implements WeightFormat<Map<String, WeightTensor>> {

        private final TorchvisionFormat layout = new TorchvisionFormat();

        @Override
        public String name() {
            return "signed";
        }

        @Override
        public Map<String, WeightTensor> read(Path file) throws IOException {
            return layout.read(file);
        }

        @Override
        public ImportedSizes sizes(Map<String, WeightTensor> weights) throws WeightFormatException {
            return layout.sizes(weights);
        }

        @Override
        public ModelConfig.Builder network(ImportedSizes sizes) {
            float[] half = {0.5f, 0.5f, 0.5f};
            return sizes.toConfig("torchvision").optNormalization(half, half);
        }

        @Override
        public Map<String, WeightTensor> toParameters(Map<String, WeightTensor> weights, AlexNetBlock block)
                throws WeightFormatException {
            return layout.toParameters(weights, block);
        }
    }

    private ModelConfig importWith(WeightFormat<?> format, String fixture, int height, int width) throws Exception {
        Path dir = tmp.resolve(format.name());
        ModelImport.builder().setFormat(format).setWeights(Fixtures.path(fixture)).setOutput(dir)
                .optInputSize(height, width).build().run();
        return ModelDirectory.readConfig(dir);
    }

    @Test
    void kerasWeightsGetPixelsInZeroToOneAndNoNormalization() throws Exception {
        ModelConfig config = importWith(WeightFormats.KERAS, "keras_seed.weights.h5", 89, 121);
        assertEquals("seed", config.getVariant());
        assertArrayEquals(new float[] {0f, 0f, 0f}, config.getMean());
        assertArrayEquals(new float[] {1f, 1f, 1f}, config.getStd());
    }

    @Test
    void torchvisionWeightsGetImageNetNormalization() throws Exception {
        ModelConfig config = importWith(WeightFormats.TORCHVISION, "torchvision_small.pth", 127, 159);
        assertEquals("torchvision", config.getVariant());
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, config.getMean());
        assertArrayEquals(new float[] {0.229f, 0.224f, 0.225f}, config.getStd());
    }

    @Test
    void aFormatOutsideTheLibraryImportsWithItsOwnPreprocessing() throws Exception {
        ModelConfig config = importWith(new SignedPixelsFormat(), "torchvision_small.pth", 127, 159);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, config.getMean());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, config.getStd());
        Map<String, WeightTensor> file = TorchStateDict.read(Fixtures.path("torchvision_small.pth"));
        try (ModelDirectory loaded = ModelDirectory.load(tmp.resolve("signed"))) {
            assertArrayEquals(file.get("classifier.6.weight").data(),
                    loaded.getBlock().getParameters().get("fc8.dense.weight").getArray().toFloatArray());
        }
    }

    @Test
    void formatsAreFoundByName() {
        assertEquals(List.of("keras", "torchvision"), WeightFormats.names());
        assertSame(WeightFormats.KERAS, WeightFormats.named("keras"));
        assertSame(WeightFormats.TORCHVISION, WeightFormats.named("torchvision"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightFormats.named("caffe"));
        assertEquals("no weight format 'caffe'; expected one of [keras, torchvision]", e.getMessage());
    }
}
