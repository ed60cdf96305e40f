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
        Sample sample = new Sample();
        sample.time(batch, minIterations, minSeconds);
        return sample.timing();
    }

    /**
     * Times two workloads in turns, each by this rule as a whole: both warmed up, then {@code rounds} rounds in
     * which each runs for its share of the batches and the time, the first workload first in even rounds and
     * second in odd ones (ABBA). Whatever drifts while they run (a JIT compiler or a collector finishing in
     * the background, the clock, another process) then falls on both alike, where timing one after the
     * other would give it all to one.
     *
     * @param rounds how many turns each workload gets, at least 1
     * @param first one workload
     * @param second the other
     * @return the timings of the first and of the second, each over all its rounds
     */
    Throughput.Timing[] alternate(int rounds, Runnable first, Runnable second) {
        for (int i = 0; i < warmup; i++) {
            first.run();
            second.run();
        }
        Sample[] samples = {new Sample(), new Sample()};
        Runnable[] workloads = {first, second};
        int iterations = (minIterations + rounds - 1) / rounds;
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int which = round % 2 == 0 ? turn : 1 - turn;
                samples[which].time(workloads[which], iterations, minSeconds / rounds);
            }
        }
        return new Throughput.Timing[] {samples[0].timing(), samples[1].timing()};
    }

    /** The timed batches of one workload, with the process's CPU time and page faults while they ran. */
    private static final class Sample {
        private final List<Long> nanos = new ArrayList<>();
        private long cpuNanos;
        private long faults;

        void time(Runnable batch, int iterations, double seconds) {
            long faultsBefore = MemoryProbe.minorFaults();
            long cpuBefore = MemoryProbe.processCpuNanos();
            int count = 0;
            long start = System.nanoTime();
            while (count < iterations || System.nanoTime() - start < seconds * 1e9) {
                long begin = System.nanoTime();
                batch.run();
                nanos.add(System.nanoTime() - begin);
                count++;
            }
            cpuNanos += MemoryProbe.processCpuNanos() - cpuBefore;
            faults += MemoryProbe.minorFaults() - faultsBefore;
        }

        Throughput.Timing timing() {
            return new Throughput.Timing(nanos.stream().mapToLong(Long::longValue).toArray(), cpuNanos, faults);
        }
    }
}
