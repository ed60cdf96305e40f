package io.github.alexnetdjl.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Turns a batch of uint8 CHW crops into the network's normalized float32 input on the device of a manager:
 * the bytes are copied to the device as they are (a quarter of the floats' size), then converted and mapped
 * there by one per-channel affine map, {@code pixel * scale[c] + bias[crop][c]}.
 *
 * <p>That map is the Java path's {@code (pixel / 255 + shift[crop][c] - mean[c]) / std[c]} folded together:
 * {@code scale = 1 / (255 std)} and {@code bias = (shift - mean) / std}, where {@code shift} is the crop's
 * PCA colour noise ({@link ImageTransforms#drawPcaShift}), a constant per image and channel, so it folds into
 * the bias.
 */
public final class DeviceNormalization {

    private static final int CHANNELS = 3;

    private final float[] scale;
    private final float[] bias;

    private DeviceNormalization(float[] scale, float[] bias) {
        this.scale = scale;
        this.bias = bias;
    }

    /**
     * Says whether batches for a model on this device should be uint8 pixels normalized there: yes on a
     * GPU, where it copies a quarter of the bytes (chosen from the transfer size; not measured here, see
     * docs/gpu.md); no on the CPU, where there is no transfer to save and the engine's three passes over
     * the batch on the consumer's thread were measured slower than normalizing on the loader threads.
     *
     * @param device the model's device
     * @return whether to build the loader with {@code optNormalizeOnDevice(true)}
     */
    public static boolean isDefaultFor(Device device) {
        return device.isGpu();
    }

    /**
     * Returns the map for a batch.
     *
     * @param mean the per-channel means of values in [0, 1]
     * @param std the per-channel standard deviations
     * @param shifts what each crop adds to each channel before normalizing (3 values per crop, crop-major),
     *     or null when nothing is added
     * @return the map
     * @throws IllegalArgumentException if mean or std do not have 3 values or shifts is not a multiple of 3
     */
    public static DeviceNormalization of(float[] mean, float[] std, float[] shifts) {
        if (mean.length != CHANNELS || std.length != CHANNELS) {
            throw new IllegalArgumentException("device normalization: expected 3 means and 3 standard deviations,"
                    + " got " + mean.length + " and " + std.length);
        }
        if (shifts != null && (shifts.length == 0 || shifts.length % CHANNELS != 0)) {
            throw new IllegalArgumentException("device normalization: expected 3 shifts per crop, got "
                    + shifts.length + " values");
        }
        float[] scale = new float[CHANNELS];
        float[] bias = new float[shifts == null ? CHANNELS : shifts.length];
        for (int c = 0; c < CHANNELS; c++) {
            // In double, so the folded constants are as close to the Java path's two steps as a float can be.
            scale[c] = (float) (1.0 / (255.0 * std[c]));
        }
        for (int i = 0; i < bias.length; i++) {
            int c = i % CHANNELS;
            double shift = shifts == null ? 0 : shifts[i];
            bias[i] = (float) ((shift - mean[c]) / std[c]);
        }
        return new DeviceNormalization(scale, bias);
    }

    /**
     * Returns the per-channel factors applied to the raw pixels.
     *
     * @return 3 values, a copy
     */
    public float[] getScale() {
        return scale.clone();
    }

    /**
     * Returns the offsets added after scaling: 3 for the whole batch, or 3 per crop.
     *
     * @return the values, a copy
     */
    public float[] getBias() {
        return bias.clone();
    }

    /**
     * Copies the bytes to the manager's device and returns them normalized there.
     *
     * @param manager the manager the result belongs to, on the device it goes to
     * @param pixels the crops as CHW bytes laid end to end, {@code shape.size()} of them from index 0; on the
     *     CPU a direct buffer is read in place, so it must not change until this returns
     * @param shape the crops' shape, (crops, 3, height, width)
     * @return the normalized float32 array of that shape
     * @throws IllegalArgumentException if the shape does not have 3 channels or the bias does not fit it
     */
    public NDArray apply(NDManager manager, ByteBuffer pixels, Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != CHANNELS) {
            throw new IllegalArgumentException("device normalization: expected (crops, 3, height, width), got "
                    + shape);
        }
        long crops = shape.get(0);
        Shape biasShape;
        if (bias.length == CHANNELS) {
            biasShape = new Shape(1, CHANNELS, 1, 1);
        } else if (bias.length == crops * CHANNELS) {
            biasShape = new Shape(crops, CHANNELS, 1, 1);
        } else {
            throw new IllegalArgumentException("device normalization: " + bias.length / CHANNELS
                    + " crops' offsets for a batch of " + crops + " crops");
        }
        ByteBuffer view = pixels.duplicate();
        view.clear();
        view.limit(Math.toIntExact(shape.size()));
        NDArray x;
        try (NDArray bytes = manager.create(view, shape, DataType.UINT8)) {
            x = bytes.toType(DataType.FLOAT32, false);
        }
        try (NDArray s = manager.create(scale, new Shape(1, CHANNELS, 1, 1));
                NDArray b = manager.create(bias, biasShape)) {
            x.muli(s).addi(b);
        }
        return x;
    }
}
