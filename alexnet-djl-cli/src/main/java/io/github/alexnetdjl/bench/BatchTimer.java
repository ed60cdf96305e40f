package io.github.alexnetdjl.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times a workload batch by batch: untimed warm-up batches, then timed ones until both the minimum count and
 * the minimum time are reached. The network and its peer are timed by the same rule.
 *
 * @param warmup untimed batches first
 * @param minIterations the fewest timed batches
 * @param minSeconds the least time spent on timed batches
 */
record BatchTimer(int warmup, int minIterations, double minSeconds) {

    /** Runs the batches and returns their wall times with the process's CPU time and page faults over them. */
    Throughput.Timing time(Runnable batch) {
        for (int i = 0; i < warmup; i++) {
            batch.run();
        }
        List<Long> nanos = new ArrayList<>();
        long faults = MemoryProbe.minorFaults();
        long cpu = MemoryProbe.processCpuNanos();
        long start = System.nanoTime();
        while (nanos.size() < minIterations || System.nanoTime() - start < minSeconds * 1e9) {
            long begin = System.nanoTime();
            batch.run();
            nanos.add(System.nanoTime() - begin);
        }
        return new Throughput.Timing(
                nanos.stream().mapToLong(Long::longValue).toArray(),
                MemoryProbe.processCpuNanos() - cpu,
                MemoryProbe.minorFaults() - faults);
    }
}
