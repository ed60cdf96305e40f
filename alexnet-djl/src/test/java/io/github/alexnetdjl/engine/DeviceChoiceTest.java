package io.github.alexnetdjl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Device choice with the GPU counts injected, so it is tested on machines without a GPU. */
class DeviceChoiceTest {

    @Test
    void usesGpuZeroWhenTheEngineSeesOne() {
        DeviceChoice choice = DeviceChoice.choose(null, false, 1, 1);
        assertEquals(Device.gpu(0), choice.device());
        assertTrue(choice.reason().contains("GPU 0"));
    }

    @Test
    void usesOnlyGpuZeroOfSeveral() {
        DeviceChoice choice = DeviceChoice.choose(null, true, 4, 4);
        assertEquals(Device.gpu(0), choice.device());
        assertTrue(choice.reason().contains("of 4"), choice.reason());
    }

    @Test
    void fallsBackToCpuSayingThereIsNoGpu() {
        DeviceChoice choice = DeviceChoice.choose(null, false, 0, 0);
        assertEquals(Device.cpu(), choice.device());
        assertTrue(choice.reason().contains("no CUDA GPU found"), choice.reason());
        assertFalse(choice.gpusUnused());
    }

    @Test
    void fallsBackToCpuSayingTheNativesAreTheCpuBuild() {
        DeviceChoice choice = DeviceChoice.choose(null, false, 1, 0);
        assertEquals(Device.cpu(), choice.device());
        assertTrue(choice.reason().contains("-Pcuda"), choice.reason());
        assertTrue(choice.gpusUnused());
    }

    @Test
    void requireGpuFailsClearlyWithoutOne() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DeviceChoice.choose(null, true, 0, 0));
        assertTrue(e.getMessage().startsWith("a GPU is required"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> DeviceChoice.choose(Device.cpu(), true, 1, 1));
    }

    @Test
    void explicitDeviceWinsButMustExist() {
        assertEquals(Device.cpu(), DeviceChoice.choose(Device.cpu(), false, 1, 1).device());
        assertEquals(Device.gpu(1), DeviceChoice.choose(Device.gpu(1), false, 2, 2).device());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DeviceChoice.choose(Device.gpu(0), false, 0, 0));
        assertTrue(e.getMessage().contains("sees 0 GPU"), e.getMessage());
    }

    @Test
    void factoryOnThisMachineChoosesWhatTheEngineReports() {
        DeviceChoice choice = ModelFactory.builder().build().chooseDevice();
        int gpus = ai.djl.engine.Engine.getEngine(ModelFactory.ENGINE).getGpuCount();
        assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), choice.device());
    }
}
