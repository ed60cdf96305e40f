package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage selections in training options: names, ranges, features, and what is refused. */
class StageSettingsTest {

    private static TrainingOptions.Builder options() {
        return TrainingOptions.builder();
    }

    private static String refusal(TrainingOptions.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void selectionsAreStagesRangesOrFeaturesInNetworkOrder() {
        TrainingOptions options = options().optFreeze("fc6", "conv2..conv4", "CONV1").build();
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "fc6"), options.getFrozenStages());
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"),
                options().optFreeze("features").build().getFrozenStages());
        assertEquals(List.of("conv5", "fc6", "fc7"), options().optFreeze(" conv5 .. fc7 ").build().getFrozenStages());
        assertEquals(List.of(), options().build().getFrozenStages());
    }

    @Test
    void multipliersResolvePerStageTheLastOneCountingAndOneDropped() {
        TrainingOptions options = options()
                .optLearningRateMultiplier("fc8", 10f)
                .optLearningRateMultiplier("features", 0.1f)
                .optLearningRateMultiplier("conv5", 1f)
                .build();
        assertEquals(Map.of("conv1", 0.1f, "conv2", 0.1f, "conv3", 0.1f, "conv4", 0.1f, "fc8", 10f),
                options.getLearningRateMultipliers());
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "fc8"),
                List.copyOf(options.getLearningRateMultipliers().keySet()), "network order");
        TrainingOptions again = options.toBuilder().build();
        assertEquals(options.getStageSettings(), again.getStageSettings());
        assertEquals(options.getLearningRateMultipliers(), options.toBuilder()
                .optLearningRateMultiplier("fc6", 1f).build().getLearningRateMultipliers());
    }

    @Test
    void unknownStagesBackwardRangesFrozenClassifiersAndConflictsAreRefused() {
        assertEquals("unknown stage 'conv9': expected a stage (conv1 to conv5, fc6 to fc8), a range such as"
                + " conv1..conv5, or features", refusal(options().optFreeze("conv9")));
        assertEquals("unknown stage 'conv1..': expected a stage (conv1 to conv5, fc6 to fc8), a range such as"
                + " conv1..conv5, or features", refusal(options().optFreeze("conv1..")));
        assertEquals("the stage range 'fc6..conv2' runs backwards: write conv2..fc6",
                refusal(options().optFreeze("fc6..conv2")));
        assertEquals("fc8 cannot be frozen: it is the classifier, which every run trains (freeze conv1 to fc7)",
                refusal(options().optFreeze("conv5..fc8")));
        assertEquals("conv3 is frozen and has a learning-rate multiplier (0.5): give it one or the other",
                refusal(options().optFreeze("features").optLearningRateMultiplier("conv3..fc6", 0.5f)));
        assertEquals("the learning-rate multiplier of fc8 must be a finite number >= 0, got -2.0",
                refusal(options().optLearningRateMultiplier("fc8", -2f)));
        assertEquals("the learning-rate multiplier of fc8 must be a finite number >= 0, got NaN",
                refusal(options().optLearningRateMultiplier("fc8", Float.NaN)));
    }

    @Test
    void aZeroMultiplierIsNotFreezing() {
        TrainingOptions options = options().optFreeze("conv1").optLearningRateMultiplier("conv2", 0f).build();
        assertEquals(List.of("conv1"), options.getFrozenStages());
        assertEquals(Map.of("conv2", 0f), options.getLearningRateMultipliers());
        assertEquals("frozen conv1; learning-rate multipliers conv2=0.0", options.getStageSettings().describe());
    }
}
