package io.github.alexnetdjl.spark;

import ai.djl.Device;
import io.github.alexnetdjl.InferenceOptions;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Which loaded model a task needs: the model directory, as a Hadoop path, and how it is loaded. Executors
 * keep one loaded model per key ({@link ExecutorModels}).
 *
 * @param model the model directory: a local path, or a URI of any Hadoop file system
 * @param device DJL's name of the device ({@code cpu}, {@code gpu0}); null for the GPU Spark assigned the task,
 *     else GPU 0 when there is one, else the CPU
 * @param foldBatchNorm whether BatchNorm is folded into the convolutions
 */
record ModelKey(String model, String device, boolean foldBatchNorm) implements Serializable {

    /** The resource name Spark's GPU scheduling gives a task's GPUs. */
    static final String GPU_RESOURCE = "gpu";

    /**
     * Returns this key with the device a task runs on: the GPU Spark assigned it, when it scheduled GPUs
     * and no device was asked for.
     *
     * @param task the running task, or null outside one
     * @return the key for that task
     */
    ModelKey forTask(TaskContext task) {
        if (device != null || task == null) {
            return this;
        }
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpus = resources.get(GPU_RESOURCE);
        if (gpus == null || gpus.addresses().length == 0) {
            return this;
        }
        return new ModelKey(model, "gpu" + Integer.parseInt(gpus.addresses()[0].trim()), foldBatchNorm);
    }

    /**
     * Returns the library's inference options for this key.
     *
     * @return the options
     */
    InferenceOptions options() {
        return InferenceOptions.builder()
                .optDevice(device == null ? null : Device.fromName(device))
                .optFoldBatchNorm(foldBatchNorm)
                .build();
    }
}
