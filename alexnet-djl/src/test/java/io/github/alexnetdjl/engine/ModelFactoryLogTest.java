package io.github.alexnetdjl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.alexnetdjl.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What building models logs, in a fresh JVM (the first model of a process is the one that speaks): the device
 * the factory chose, once, at INFO (WARN only where GPUs sit unused); nothing for a device that was asked
 * for.
 */
class ModelFactoryLogTest {

    @TempDir Path temp;

    /** Builds two models on the CPU as asked, then three on the device the factory chooses. */
    public static void main(String[] args) {
        for (int i = 0; i < 5; i++) {
            ModelFactory.Builder factory = ModelFactory.builder();
            if (i < 2) {
                factory.optDevice(Device.cpu());
            }
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(2).build());
            try (Model model = factory.build().newModel((i < 2 ? "asked-" : "chosen-") + i, block, new Shape(1, 4))) {
                model.getNDManager().getDevice();
            }
        }
    }

    @Test
    void theChosenDeviceIsSaidOnceAndACpuAskedForNotAtAll() throws Exception {
        ChildJvm.Result child = ChildJvm.run(temp, Duration.ofSeconds(120),
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                        "-Dorg.slf4j.simpleLogger.showThreadName=false",
                        "-Dorg.slf4j.simpleLogger.levelInBrackets=true"),
                ModelFactoryLogTest.class);
        assertEquals(0, child.status(), child.describe());
        DeviceChoice choice = ModelFactory.builder().build().chooseDevice();
        List<String> lines = child.err().lines().filter(line -> line.contains(ModelFactory.class.getName())).toList();
        assertEquals(List.of((choice.gpusUnused() ? "[WARN] " : "[INFO] ") + ModelFactory.class.getName()
                + " - Model 'chosen-2' on " + choice.device() + ": " + choice.reason()), lines, child.describe());
    }
}
