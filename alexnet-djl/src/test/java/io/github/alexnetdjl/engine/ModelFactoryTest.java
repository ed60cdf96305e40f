package io.github.alexnetdjl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.training.initializer.Initializer;
import io.github.alexnetdjl.model.AlexNetBlock;
import org.junit.jupiter.api.Test;

class ModelFactoryTest {

    private static AlexNetBlock small() {
        return AlexNetBlock.builder()
                .optInputShape(3, 64, 64)
                .optFilters(8, 16, 16, 16, 8)
                .optDenseUnits(32, 32)
                .optNumClasses(5)
                .build();
    }

    private static float[] conv1(Model model) {
        return model.getBlock().getParameters().get("conv1.conv.weight").getArray().toFloatArray();
    }

    @Test
    void sameSeedGivesSameParametersAndOtherSeedDoesNot() {
        ModelFactory seven = ModelFactory.builder().optSeed(7).build();
        AlexNetBlock a = small();
        AlexNetBlock b = small();
        AlexNetBlock c = small();
        try (Model first = seven.newModel("a", a, a.getInputShape(1));
                Model second = seven.newModel("b", b, b.getInputShape(1));
                Model other = ModelFactory.builder().optSeed(8).build().newModel("c", c, c.getInputShape(1))) {
            assertEquals("a", first.getName());
            assertTrue(java.util.Arrays.equals(conv1(first), conv1(second)));
            assertFalse(java.util.Arrays.equals(conv1(first), conv1(other)));
        }
    }

    @Test
    void initializerOverridesTheBlocksOwn() {
        AlexNetBlock block = small();
        try (Model model =
                ModelFactory.builder()
                        .optInitializer(Initializer.ONES)
                        .build()
                        .newModel("ones", block, block.getInputShape(1))) {
            NDArray w = model.getBlock().getParameters().get("fc6.dense.weight").getArray();
            assertEquals(1f, w.min().getFloat());
            assertEquals(1f, w.max().getFloat());
            // biases keep their own zero initializer
            assertEquals(0f, model.getBlock().getParameters().get("fc6.dense.bias").getArray().abs().max().getFloat());
        }
    }

    @Test
    void cudnnAutotunerIsOnByDefaultOnGpuOnlyAndTheUsersPropertyWins() {
        ai.djl.Device gpu = ai.djl.Device.gpu(0);
        ai.djl.Device cpu = ai.djl.Device.cpu();
        assertTrue(ModelFactory.cudnnBenchmark(gpu, null, null), "unset everywhere: on for a GPU");
        assertFalse(ModelFactory.cudnnBenchmark(gpu, false, null), "the builder can switch it off");
        assertTrue(ModelFactory.cudnnBenchmark(gpu, true, null));
        assertFalse(ModelFactory.cudnnBenchmark(gpu, null, "false"), "-D...=false wins over the default");
        assertFalse(ModelFactory.cudnnBenchmark(gpu, true, "false"), "-D...=false wins over the builder");
        assertTrue(ModelFactory.cudnnBenchmark(gpu, false, "true"), "-D...=true wins over the builder");
        assertTrue(ModelFactory.cudnnBenchmark(gpu, null, " "), "a blank property counts as unset");
        assertFalse(ModelFactory.cudnnBenchmark(cpu, null, null), "never on the CPU");
        assertFalse(ModelFactory.cudnnBenchmark(cpu, true, "true"), "never on the CPU, whatever is asked");
    }

    @Test
    void applyingTheAutotunerOnTheCpuCallsNoCudaAndSaysOff() {
        assertFalse(ModelFactory.builder().optCudnnBenchmark(true).build().applyCudnnBenchmark(ai.djl.Device.cpu()));
    }
}
