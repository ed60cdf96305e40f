package io.github.alexnetdjl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's memory: the Java heap from the JVM's memory pools, native memory as the resident set
 * the kernel reports in {@code /proc/self/status} (which counts libtorch's tensors; -1 where there is no such
 * file).
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /**
     * Returns the resident set size now, {@code VmRSS}.
     *
     * @return bytes, or -1 when the platform does not report it
     */
    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /**
     * Returns the peak resident set size of the process so far, {@code VmHWM}.
     *
     * @return bytes, or -1 when the platform does not report it
     */
    public static long peakResidentBytes() {
        return statusBytes("VmHWM:");
    }

    /**
     * Returns the heap in use now.
     *
     * @return bytes
     */
    public static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Returns the sum of the heap pools' peak usage since the JVM started or {@link #resetPeakHeap()}.
     *
     * @return bytes
     */
    public static long peakHeapBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }

    /** Starts a new peak-heap measurement. */
    public static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L; // the kernel reports kB
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
