package io.github.alexnetdjl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * Copies host batches into the engine through one reused direct buffer per thread.
 *
 * <p>Why: DJL 0.25's {@code PtNDManager.create} copies a heap array into a fresh direct buffer for every
 * array, and on the CPU the tensor is a view of that buffer. Closing the array frees the tensor but not the
 * buffer, which only a garbage collection returns; a training batch of 32 is 19 MB, and while the Java heap
 * stays quiet they pile up until {@code MaxDirectMemorySize} (the heap's maximum) forces a collection:
 * 5.5 GB of direct memory after 300 batches (docs/benchmarks.md, "Host batches into the engine"). Here the batch is
 * copied into this thread's buffer and the engine is given its own copy (on a GPU the transfer is that copy;
 * on the CPU a clone of the view), so the buffer is free again when the call returns.
 */
final class StagingBuffer {

    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    private StagingBuffer() {}

    /**
     * Returns float32 values as an array the engine owns.
     *
     * @param manager the array's manager (and device)
     * @param values the values, laid out as {@code shape}
     * @param shape the array's shape
     * @return the array
     */
    static NDArray floats(NDManager manager, float[] values, Shape shape) {
        ByteBuffer staged = take(values.length * 4L);
        staged.asFloatBuffer().put(values);
        return owned(manager.create(staged, shape, DataType.FLOAT32));
    }

    /**
     * Stages bytes and hands the direct view to {@code use}, which must return an array that does not share
     * the view's memory (a type conversion, a copy).
     *
     * @param bytes the bytes, from index 0 to its limit
     * @param use turns the staged bytes into an array the engine owns
     * @return what {@code use} returns
     */
    static NDArray bytes(ByteBuffer bytes, Function<ByteBuffer, NDArray> use) {
        ByteBuffer source = bytes.duplicate();
        source.rewind();
        ByteBuffer staged = take(source.remaining());
        staged.put(source).flip();
        return use.apply(staged);
    }

    /** The array itself on a GPU (the engine copied the bytes there); on the CPU, a copy of the view. */
    private static NDArray owned(NDArray view) {
        if (view.getDevice().isGpu()) {
            return view;
        }
        try (view) {
            return view.duplicate();
        }
    }

    /** This thread's buffer, cleared, with its limit at {@code size}; grown when too small. */
    private static ByteBuffer take(long size) {
        int bytes = Math.toIntExact(size);
        ByteBuffer buffer = BUFFER.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            BUFFER.set(buffer);
        }
        buffer.clear().limit(bytes);
        return buffer;
    }
}
