package io.github.alexnetdjl.engine;

import ai.djl.Device;

/**
 * The device a model goes to, and why.
 *
 * @param device the chosen device
 * @param reason one sentence saying why, for the log and the CLI
 * @param gpusUnused whether the system has GPUs that the chosen device leaves idle because the engine cannot
 *     use them (the CPU build of libtorch): worth a warning, where a machine without GPUs is not
 */
public record DeviceChoice(Device device, String reason, boolean gpusUnused) {

    /**
     * Chooses a device: the explicit one if given, else GPU 0 when the engine sees a GPU, else the CPU.
     *
     * @param explicit a device the caller asked for, or null to choose
     * @param requireGpu whether running on the CPU is an error
     * @param systemGpus the GPUs the system's CUDA runtime reports (DJL finds them through libcudart)
     * @param engineGpus the GPUs the PyTorch engine can use (0 with the CPU build of libtorch)
     * @return the choice
     * @throws IllegalStateException if a GPU is required and none can be used
     */
    public static DeviceChoice choose(Device explicit, boolean requireGpu, int systemGpus, int engineGpus) {
        if (explicit != null) {
            if (requireGpu && !explicit.isGpu()) {
                throw new IllegalStateException(
                        "a GPU is required but the device asked for is " + explicit);
            }
            if (explicit.isGpu() && explicit.getDeviceId() >= engineGpus) {
                throw new IllegalStateException(
                        "device " + explicit + " was asked for but the PyTorch engine sees " + engineGpus
                                + " GPU(s)");
            }
            return new DeviceChoice(explicit, "device " + explicit + " was asked for", false);
        }
        if (engineGpus > 0) {
            String more = engineGpus > 1 ? " (of " + engineGpus + "; this library uses one)" : "";
            return new DeviceChoice(Device.gpu(0), "CUDA GPU 0 found" + more, false);
        }
        String why;
        if (systemGpus > 0) {
            why =
                    systemGpus
                            + " GPU(s) found, but the PyTorch natives in use are the CPU build: build with"
                            + " -Pcuda (pytorch-native-cu118 needs a CUDA runtime >= 11.8 and cuDNN 8)";
        } else {
            why =
                    "no CUDA GPU found (DJL looks for GPUs through the system's CUDA runtime; the CUDA"
                            + " natives also need CUDA >= 11.8 and cuDNN 8)";
        }
        if (requireGpu) {
            throw new IllegalStateException("a GPU is required but none can be used: " + why);
        }
        return new DeviceChoice(Device.cpu(), "running on CPU: " + why, systemGpus > 0);
    }
}
