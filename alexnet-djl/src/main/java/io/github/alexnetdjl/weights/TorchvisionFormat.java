package io.github.alexnetdjl.weights;

import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A torchvision AlexNet state_dict ({@code torch.save}, zip or legacy format), read by {@link TorchStateDict}
 * and renamed by {@link TorchvisionMapping} into the torchvision variant. torchvision's weights were trained
 * on pixels in [0, 1] normalized with ImageNet's per-channel mean and standard deviation.
 */
final class TorchvisionFormat implements WeightFormat<Map<String, WeightTensor>> {

    @Override
    public String name() {
        return "torchvision";
    }

    @Override
    public Map<String, WeightTensor> read(Path file) throws IOException {
        return TorchStateDict.read(file);
    }

    @Override
    public ImportedSizes sizes(Map<String, WeightTensor> stateDict) throws WeightFormatException {
        return ImportedSizes.torchvision(stateDict);
    }

    @Override
    public ModelConfig.Builder network(ImportedSizes sizes) {
        return sizes.toConfig("torchvision").optNormalization(ModelConfig.IMAGENET_MEAN, ModelConfig.IMAGENET_STD);
    }

    @Override
    public Map<String, WeightTensor> toParameters(Map<String, WeightTensor> stateDict, AlexNetBlock block)
            throws WeightFormatException {
        return TorchvisionMapping.toParameters(stateDict);
    }
}
