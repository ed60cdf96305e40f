package io.github.alexnetdjl.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Folding BatchNorm into the convolution keeps the network's inference outputs. */
class InferenceOptimizerTest {

    private static AlexNetBlock small() {
        return AlexNetBlock.builder()
                .optInputShape(3, 64, 64)
                .optFilters(8, 16, 24, 24, 16)
                .optDenseUnits(32, 32)
                .optNumClasses(10)
                .build();
    }

    private static NDArray forward(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }

    @Test
    void foldedNetworkMatchesTheOriginalWithin1e5() {
        AlexNetBlock block = small();
        try (Model model = ModelFactory.builder().optSeed(11).build().newModel("small", block, block.getInputShape(1));
                NDManager manager = model.getNDManager().newSubManager()) {
            RandomBatchNorms.randomize(block, new Random(3));
            NamedSequentialBlock folded = InferenceOptimizer.foldBatchNorm(block, manager);
            NDArray images = manager.randomUniform(0f, 1f, block.getInputShape(4));

            // stage by stage: conv1's output (after ReLU and pool), then the whole network
            NDArray stageBefore = forward(block.get("conv1"), manager, images);
            NDArray stageAfter = forward(folded.get("conv1"), manager, images);
            float scale = stageBefore.abs().max().getFloat();
            assertTrue(scale > 0.1f, "conv1's output should not be trivial, max " + scale);
            float stageError = stageBefore.sub(stageAfter).abs().max().getFloat();
            assertTrue(stageError <= 1e-5f * Math.max(1f, scale), "conv1 differs by " + stageError);

            NDArray before = forward(block, manager, images);
            NDArray after = forward(folded, manager, images);
            assertEquals(before.getShape(), after.getShape());
            float error = before.sub(after).abs().max().getFloat();
            assertTrue(error <= 1e-5f, "outputs differ by " + error);
        }
    }

    @Test
    void foldingRemovesBatchNormAndLeavesTheOriginalUntouched() {
        AlexNetBlock block = small();
        try (Model model = ModelFactory.builder().optSeed(5).build().newModel("small", block, block.getInputShape(1));
                NDManager manager = model.getNDManager().newSubManager()) {
            RandomBatchNorms.randomize(block, new Random(9));
            NDArray weightBefore = ((NamedSequentialBlock) block.get("conv1")).get("conv")
                    .getParameters().get("weight").getArray().duplicate();
            NamedSequentialBlock folded = InferenceOptimizer.foldBatchNorm(block, manager);

            NamedSequentialBlock conv1 = (NamedSequentialBlock) folded.get("conv1");
            assertEquals(List.of("conv", "relu", "pool"), conv1.getChildren().keys());
            for (Pair<String, Block> stage : folded.getChildren()) {
                for (Block child : stage.getValue().getChildren().values()) {
                    assertFalse(child instanceof BatchNorm, "BatchNorm left in " + stage.getKey());
                }
            }
            long bnParameters = 4 * (8 + 16);
            assertEquals(count(block) - bnParameters, count(folded));
            // unfolded stages are shared, not copied
            assertSame(block.get("conv3"), folded.get("conv3"));
            NDArray weightAfter = ((NamedSequentialBlock) block.get("conv1")).get("conv")
                    .getParameters().get("weight").getArray();
            assertTrue(weightBefore.contentEquals(weightAfter), "the original conv1 weight changed");
        }
    }

    @Test
    void optimizedNetworkMatchesTheOriginalForEveryVariant() {
        for (Variant variant : Variant.values()) {
            int side = variant == Variant.SEED ? 64 : variant == Variant.PAPER ? 99 : 100;
            AlexNetBlock block = AlexNetBlock.builder().optVariant(variant).optInputShape(3, side, side)
                    .optFilters(8, 16, 24, 24, 16).optDenseUnits(32, 32).optNumClasses(10).build();
            try (Model model = ModelFactory.builder().optSeed(2).optInitializer(new XavierInitializer()).build()
                            .newModel("small", block, block.getInputShape(1));
                    NDManager manager = model.getNDManager().newSubManager()) {
                RandomBatchNorms.randomize(block, new Random(4));
                NamedSequentialBlock fast = InferenceOptimizer.optimize(block, manager);
                assertTrue(((NamedSequentialBlock) fast.get("fc7")).get("dense") instanceof WeightMajorLinear);
                NDArray images = manager.randomNormal(block.getInputShape(3));
                NDArray before = forward(block.logits(), manager, images);
                NDArray after = forward(fast, manager, images).log(); // fast keeps the softmax head
                NDArray expected = before.sub(before.exp().sum(new int[] {1}, true).log());
                float error = expected.sub(after).abs().max().getFloat();
                assertTrue(error <= 1e-4f, variant + ": log-probabilities differ by " + error);
                float probabilities = forward(block, manager, images).sub(forward(fast, manager, images)).abs().max()
                        .getFloat();
                assertTrue(probabilities <= 1e-5f, variant + ": probabilities differ by " + probabilities);
                // the original's weights are untouched, the copies hold the same values
                Block conv2 = ((NamedSequentialBlock) block.get("conv2")).get("conv");
                Block fastConv2 = ((NamedSequentialBlock) fast.get("conv2")).get("conv");
                assertTrue(conv2 != fastConv2, "convolutions are copied");
                if (variant != Variant.SEED) {
                    assertTrue(conv2.getParameters().get("weight").getArray()
                            .contentEquals(fastConv2.getParameters().get("weight").getArray()));
                }
            }
        }
    }

    @Test
    void rejectsUninitializedBlocks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> InferenceOptimizer.foldBatchNorm(small(), manager));
            assertThrows(IllegalArgumentException.class, () -> InferenceOptimizer.channelsLast(small(), manager));
            assertThrows(IllegalArgumentException.class, () -> InferenceOptimizer.weightMajorDense(small(), manager));
        }
    }

    private static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            total += p.getValue().getArray().size();
        }
        return total;
    }
}
