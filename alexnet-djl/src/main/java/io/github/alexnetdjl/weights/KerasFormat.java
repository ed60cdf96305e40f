package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The notebook's Keras weights (tf.keras 2.x {@code .h5} from {@code save_weights} or {@code save}, Keras 3
 * {@code .weights.h5} or {@code .keras}), read by {@link KerasWeightsFile} and mapped by {@link KerasMapping}
 * into the seed variant, the notebook's network. The notebook feeds pixels scaled to [0, 1] and normalizes
 * nothing per channel, so its weights get mean 0 and standard deviation 1.
 */
final class KerasFormat implements WeightFormat<List<KerasLayerWeights>> {

    private static final float[] NO_MEAN = {0f, 0f, 0f};
    private static final float[] NO_STD = {1f, 1f, 1f};

    @Override
    public String name() {
        return "keras";
    }

    @Override
    public List<KerasLayerWeights> read(Path file) throws IOException {
        return KerasWeightsFile.read(file);
    }

    @Override
    public ImportedSizes sizes(List<KerasLayerWeights> layers) throws WeightFormatException {
        return ImportedSizes.keras(layers);
    }

    @Override
    public ModelConfig.Builder network(ImportedSizes sizes) {
        return sizes.toConfig("seed").optBatchNorm(sizes.batchNorm()).optNormalization(NO_MEAN, NO_STD);
    }

    @Override
    public Map<String, WeightTensor> toParameters(List<KerasLayerWeights> layers, AlexNetBlock block)
            throws WeightFormatException {
        return KerasMapping.toParameters(layers, block);
    }
}
