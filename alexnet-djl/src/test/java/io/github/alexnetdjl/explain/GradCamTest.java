package io.github.alexnetdjl.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.features.TinyModel;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grad-CAM's channel weights are the gradient's means: a finite-difference check in double precision. */
class GradCamTest {

    static NDManager manager;
    static AlexNetBlock block;
    static StagedNetwork network;

    @BeforeAll
    static void buildNetwork() {
        manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE);
        block = TinyModel.CONFIG.blockBuilder().optOutput(AlexNetBlock.Output.LOGITS).build();
        // Double precision: the differences below then measure the gradient, not float rounding.
        block.initialize(manager, DataType.FLOAT64, block.getInputShape(1));
        block.freezeParameters(true);
        network = StagedNetwork.of(block);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray image(long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        return manager.randomNormal(new Shape(3, 64, 64)).toType(DataType.FLOAT64, false);
    }

    @Test
    void channelWeightsAndHeatmapMatchFiniteDifferences() {
        for (String stage : new String[] {"conv3", "conv4"}) {
            NDArray image = image(7);
            GradCam.Result result = GradCam.builder().optStage(stage).build().compute(network, image, 1);
            assertEquals(1, result.classIndex());

            NDArray maps = network.forwardThrough(stage, image.reshape(1, 3, 64, 64));
            long[] shape = maps.getShape().getShape();
            int channels = (int) shape[1];
            int plane = (int) (shape[2] * shape[3]);
            assertEquals(channels, result.channelWeights().length);
            double epsilon = 1e-4;
            double[] weights = new double[channels];
            for (int k = 0; k < channels; k++) {
                NDArray shift = manager.zeros(maps.getShape(), DataType.FLOAT64);
                shift.set(new NDIndex(":, {}", k), epsilon);
                double up = network.logitsAfter(stage, maps.add(shift)).getDouble(0, 1);
                double down = network.logitsAfter(stage, maps.sub(shift)).getDouble(0, 1);
                // moving every value of map k by epsilon moves the logit by epsilon times the gradient's sum
                weights[k] = (up - down) / (2 * epsilon) / plane;
                assertEquals(weights[k], result.channelWeights()[k], 1e-5 * Math.max(1, Math.abs(weights[k])),
                        stage + " channel " + k);
            }
            assertEquals(network.logitsAfter(stage, maps).getDouble(0, 1), result.logit(), 1e-5);
            double[] a = maps.toDoubleArray();
            float[][] heatmap = result.heatmap().getValues();
            assertEquals(shape[2], heatmap.length);
            assertEquals(shape[3], heatmap[0].length);
            for (int p = 0; p < plane; p++) {
                double sum = 0;
                for (int k = 0; k < channels; k++) {
                    sum += weights[k] * a[k * plane + p];
                }
                assertEquals(Math.max(0, sum), heatmap[p / (int) shape[3]][p % (int) shape[3]], 1e-5, stage + " " + p);
            }
        }
    }

    @Test
    void theTopClassIsExplainedByDefaultAndGradModeIsRestored() {
        boolean before = LibTorch.isGradMode();
        try {
            NDArray image = image(3);
            double[] logits = network.logits(image.reshape(1, 3, 64, 64)).toDoubleArray();
            int top = 0;
            for (int c = 1; c < logits.length; c++) {
                top = logits[c] > logits[top] ? c : top;
            }
            for (boolean mode : new boolean[] {true, false}) {
                LibTorch.setGradMode(mode);
                GradCam.Result result = GradCam.builder().build().compute(network, image, -1);
                assertEquals(mode, LibTorch.isGradMode(), "the caller's grad mode is restored");
                assertEquals(top, result.classIndex());
                assertFalse(image.hasGradient(), "the caller's image is left as it is");
            }
        } finally {
            LibTorch.setGradMode(before);
        }
    }

    @Test
    void theNetworkAlexNetLoadRewroteGivesTheSavedNetworksWeights(@TempDir Path dir) throws Exception {
        Path saved = TinyModel.save(dir.resolve("model"), 4);
        Path photo = TinyModel.images(dir.resolve("photos"), 1).get(0);
        float[] chw = AlexNetTranslator.preprocess(TinyModel.CONFIG, ImageDecoder.read(photo));
        GradCam.Result expected;
        try (ModelDirectory plain = ModelDirectory.load(saved, Device.cpu())) {
            plain.getBlock().freezeParameters(true);
            expected = GradCam.builder().optStage("conv1").build().compute(StagedNetwork.of(plain.getBlock()),
                    manager.create(chw, new Shape(3, 64, 64)), 2);
        }
        for (boolean fold : new boolean[] {true, false}) {
            try (AlexNet alexnet = TinyModel.load(saved, fold)) {
                GradCam.Result result = GradCam.builder().optStage("conv1").build()
                        .compute(StagedNetwork.of(alexnet), manager.create(chw, new Shape(3, 64, 64)), 2);
                assertEquals(expected.logit(), result.logit(), 1e-4);
                for (int k = 0; k < expected.channelWeights().length; k++) {
                    assertEquals(expected.channelWeights()[k], result.channelWeights()[k],
                            1e-4 * Math.max(1, Math.abs(expected.channelWeights()[k])), "channel " + k);
                }
            }
        }
    }

    @Test
    void parametersThatRequireGradientsAreRefused() {
        AlexNetBlock trainable = TinyModel.CONFIG.newBlock();
        trainable.initialize(manager, DataType.FLOAT32, trainable.getInputShape(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradCam.builder().build()
                .compute(StagedNetwork.of(trainable), manager.zeros(new Shape(3, 64, 64)), 0));
        assertTrue(e.getMessage().contains("parameter fc6.dense.weight requires gradients"), e.getMessage());
    }

    @Test
    void onlyConvolutionStagesAndTheModelsClassesAreAccepted() {
        IllegalArgumentException stage = assertThrows(IllegalArgumentException.class,
                () -> GradCam.builder().optStage("fc7").build());
        assertEquals("stage: expected a convolution stage, one of [conv1, conv2, conv3, conv4, conv5], got fc7",
                stage.getMessage());
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> GradCam.builder().build().compute(network, image(1), 3));
        assertEquals("class index: expected -1 (the top class) or 0 to 2, got 3", index.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> GradCam.builder().build().compute(network, manager.zeros(new Shape(2, 3, 64, 64)), 0));
        assertEquals("expected one preprocessed image of shape (3, 64, 64) or (1, 3, 64, 64), got (2, 3, 64, 64)",
                shape.getMessage());
    }
}
