package io.github.alexnetdjl.bench;

import java.util.List;

/**
 * The same network run by another engine in the same process, on the same threads and inputs, in turns with
 * this library's measurements: ONNX Runtime on the exported ONNX file.
 *
 * @param engine the peer's name and version, e.g. "ONNX Runtime 1.20.0"
 * @param intraOpThreads the peer's intra-op threads: libtorch's
 * @param interOpThreads the peer's inter-op threads
 * @param maxAbsDifference the largest difference between the peer's outputs and the network's on the same
 *     input (one batch of 1)
 * @param results the peer's throughput, against the same ceiling
 * @param comparisons this library's images/s over the peer's, workload by workload
 */
public record PeerReport(
        String engine,
        int intraOpThreads,
        int interOpThreads,
        double maxAbsDifference,
        List<Throughput> results,
        List<Comparison> comparisons) {

    /**
     * One workload measured by both.
     *
     * @param workload "inference"
     * @param batchSize images per batch
     * @param imagesPerSecond this library's images/s
     * @param peerImagesPerSecond the peer's images/s
     * @param ratio this library's over the peer's: above 1 this library is faster
     */
    public record Comparison(
            String workload, int batchSize, double imagesPerSecond, double peerImagesPerSecond, double ratio) {}

    /**
     * Pairs the results of the same workload and batch size.
     *
     * @param ours this library's results
     * @param peer the peer's results
     * @return one comparison per workload the peer ran
     */
    static List<Comparison> compare(List<Throughput> ours, List<Throughput> peer) {
        return peer.stream().flatMap(p -> ours.stream()
                .filter(o -> o.workload().equals(p.workload()) && o.batchSize() == p.batchSize())
                .limit(1)
                .map(o -> new Comparison(o.workload(), o.batchSize(), o.imagesPerSecond(), p.imagesPerSecond(),
                        o.imagesPerSecond() / p.imagesPerSecond())))
                .toList();
    }

    /**
     * Returns this report with its comparisons against this library's results.
     *
     * @param ours this library's results, against the same ceiling as the peer's
     * @return the report with one comparison per workload both ran
     */
    PeerReport comparedWith(List<Throughput> ours) {
        return new PeerReport(engine, intraOpThreads, interOpThreads, maxAbsDifference, results,
                compare(ours, results));
    }

    /**
     * Returns this report with its results against another ceiling.
     *
     * @param ceilingGflops the ceiling in GFLOP/s
     * @param ceilingGflopsPerCpuSecond the ceiling in GFLOP per CPU-second
     * @return the report with every fraction recomputed
     */
    PeerReport withCeiling(double ceilingGflops, double ceilingGflopsPerCpuSecond) {
        return new PeerReport(engine, intraOpThreads, interOpThreads, maxAbsDifference,
                results.stream().map(r -> r.withCeiling(ceilingGflops, ceilingGflopsPerCpuSecond)).toList(),
                comparisons);
    }
}
