package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.alexnetdjl.store.ModelConfig;
import org.junit.jupiter.api.Test;

/** The paper's recipe and the demo's, as the paper and docs/training.md state them. */
class PresetsTest {

    @Test
    void thePapersRecipe() {
        TrainingOptions paper = TrainingOptions.paper();
        assertEquals(90, paper.getEpochs());
        assertEquals(128, paper.getBatchSize());
        assertEquals(0.01f, paper.getLearningRate());
        assertEquals(0.9f, paper.getMomentum());
        assertEquals(5e-4f, paper.getWeightDecay());
        assertEquals(0.1f, paper.getLearningRateFactor());
        assertEquals(2, paper.getPatience());
        assertEquals(3, paper.getMaxReductions());
        assertEquals(0f, paper.getPcaSigma());
    }

    @Test
    void theDemoIsThePapersRecipeWithSmallerBatchesAHigherRateAndFewerEpochs() {
        TrainingOptions demo = TrainingOptions.demo();
        assertEquals(12, demo.getEpochs());
        assertEquals(32, demo.getBatchSize());
        assertEquals(0.02f, demo.getLearningRate());
        assertEquals(0.9f, demo.getMomentum());
        assertEquals(5e-4f, demo.getWeightDecay());
        assertEquals(3, demo.getMaxReductions());
    }

    @Test
    void theDemoNetworkIsNarrowOnSmallInputs() {
        ModelConfig config = ModelConfig.demoBuilder().optNumClasses(8).build();
        assertEquals("seed", config.getVariant());
        assertArrayEquals(new int[] {3, 64, 64}, config.getInputShape());
        assertEquals(73, config.getResize(), "round(64 * 256 / 224)");
        JsonObject json = JsonParser.parseString(config.toJson()).getAsJsonObject();
        assertEquals("[16,32,48,48,32]", json.get("filters").toString());
        assertEquals("[128,128]", json.get("denseUnits").toString());
    }

    @Test
    void aPresetIsAStartToChangeFrom() {
        TrainingOptions changed = TrainingOptions.demo().toBuilder().optEpochs(3).build();
        assertEquals(3, changed.getEpochs());
        assertEquals(32, changed.getBatchSize());
        ModelConfig wider = ModelConfig.demoBuilder().optNumClasses(8).optInputShape(3, 96, 96).build();
        assertEquals(110, wider.getResize(), "the resize follows the input: round(96 * 256 / 224)");
    }
}
