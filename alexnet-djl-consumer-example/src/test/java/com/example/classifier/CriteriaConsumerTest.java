package com.example.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.InferenceOptions;
import io.github.alexnetdjl.data.SyntheticImages;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application with the library as its only dependency: DJL's Criteria loads a model directory it wrote. */
class CriteriaConsumerTest {

    @TempDir Path temp;

    @Test
    void criteriaClassifiesAsTheLibrary() throws Exception {
        ModelConfig config = ModelConfig.builder().optInputShape(3, 64, 64).optNumClasses(3)
                .optFilters(4, 8, 8, 8, 8).optDenseUnits(16, 16).build();
        Path model = temp.resolve("model");
        try (AlexNet alexnet = AlexNet.build(config.newBlock(),
                ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build())) {
            ModelDirectory.save(model, alexnet.getBlock(), config, List.of("circle", "cross", "ring"));
        }
        Path photo = temp.resolve("photo.png");
        ImageIO.write(SyntheticImages.builder().optSize(80).build().image(0, 0), "png", photo.toFile());

        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(model)
                .build();
        try (ZooModel<Image, Classifications> loaded = criteria.loadModel();
                Predictor<Image, Classifications> predictor = loaded.newPredictor();
                AlexNet alexnet = AlexNet.load(model)) {
            Classifications viaDjl = predictor.predict(ImageFactory.getInstance().fromFile(photo));
            Classifications viaLibrary = alexnet.classify(photo);
            assertEquals(3, viaDjl.items().size());
            for (Classifications.Classification c : viaLibrary.items()) {
                assertEquals(c.getProbability(), viaDjl.get(c.getClassName()).getProbability(), 1e-6,
                        c.getClassName());
            }
        }
    }

    @Test
    void onnxRuntimeWithoutItsJarsIsOneClearMessage() {
        EngineException e = assertThrows(EngineException.class,
                () -> InferenceOptions.builder().optEngine("OnnxRuntime").build());
        assertEquals("the OnnxRuntime engine needs ONNX Runtime on the class path, an optional dependency of"
                + " alexnet-djl: add ai.djl.onnxruntime:onnxruntime-engine and com.microsoft.onnxruntime:onnxruntime,"
                + " or run on the PyTorch engine", e.getMessage());
    }
}
