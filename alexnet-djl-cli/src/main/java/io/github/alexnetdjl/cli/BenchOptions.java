package io.github.alexnetdjl.cli;

import ai.djl.Device;
import ai.djl.util.JsonUtils;
import io.github.alexnetdjl.bench.Benchmark;
import io.github.alexnetdjl.bench.InferenceLevers;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options the bench commands share, as picocli mixins, each with what it turns into. */
final class BenchOptions {

    private BenchOptions() {}

    /**
     * Refuses options of {@code bench} given before a subcommand's name: picocli would give them to {@code
     * bench}, which does not run, and the subcommand would silently measure without them.
     *
     * @param spec the subcommand
     * @throws ParameterException naming the options and where they go
     */
    static void refuseParentOptions(CommandSpec spec) {
        List<String> given = spec.parent().commandLine().getParseResult().matchedOptions().stream()
                .filter(option -> !option.inherited()).map(OptionSpec::longestName).toList();
        if (!given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join(", ", given) + ": options go after the"
                    + " subcommand: " + spec.qualifiedName() + " " + String.join(" ", given) + " ...");
        }
    }

    /** The network measured, and where: {@code --variant}, {@code --cpu}. */
    static final class Network {

        @Option(
                names = "--variant",
                defaultValue = "seed",
                converter = SummaryCommand.VariantConverter.class,
                description = "The network: seed, paper or torchvision (default: ${DEFAULT-VALUE}).")
        private Variant variant;

        @Option(names = "--cpu", description = "Use the CPU even when a GPU is present.")
        private boolean cpu;

        /** The network's name in reports: the variant's, in lower case. */
        String name() {
            return variant.name().toLowerCase(Locale.ROOT);
        }

        /** Makes a fresh block of the variant at each call. */
        Supplier<AlexNetBlock> blocks() {
            Variant chosen = variant;
            return () -> AlexNetBlock.builder().optVariant(chosen).build();
        }

        /** The factory of the models: the best device, or the CPU with {@code --cpu}. */
        ModelFactory factory() {
            ModelFactory.Builder factory = ModelFactory.builder();
            if (cpu) {
                factory.optDevice(Device.cpu());
            }
            return factory.build();
        }

        /** A benchmark of this network, before the settings of the command that runs it. */
        Benchmark.Builder benchmark() {
            return Benchmark.builder().setNetwork(name(), blocks()).optModelFactory(factory());
        }
    }

    /** How long each result is measured: {@code --quick}, {@code --seconds}, {@code --iterations}. */
    static final class Timing {

        @Option(
                names = "--quick",
                description = "A smoke run: 1 warm-up and 3 timed batches per result, a short ceiling.")
        private boolean quick;

        @Option(
                names = "--seconds",
                paramLabel = "S",
                description = "Least time per result, after the warm-up (default: 5, 0 with --quick).")
        private Double seconds;

        @Option(
                names = "--iterations",
                paramLabel = "N",
                description = "Fewest timed batches per result (default: 10, 3 with --quick).")
        private Integer iterations;

        /** Whether this is a smoke run. */
        boolean quick() {
            return quick;
        }

        /** Sets the timing on a benchmark. */
        Benchmark.Builder applyTo(Benchmark.Builder bench) {
            bench.optQuick(quick);
            if (iterations != null) {
                bench.optMinIterations(iterations);
            }
            if (seconds != null) {
                bench.optMinSeconds(seconds);
            }
            return bench;
        }
    }

    /** The inference rewrites, each on unless switched off to measure it. */
    static final class Levers {

        @Option(names = "--no-fold", description = "Keep BatchNorm separate in inference (measures the lever).")
        private boolean noFold;

        @Option(names = "--nchw", description = "Keep convolution weights NCHW in inference, not channels-last"
                + " (measures the lever).")
        private boolean nchw;

        @Option(names = "--plain-dense", description = "Run the dense layers as x.W' (DJL's Linear) in inference,"
                + " not weight-major (measures the lever).")
        private boolean plainDense;

        @Option(names = "--grad", description = "Leave autograd on in inference (measures the lever).")
        private boolean grad;

        /** The levers as the bench package takes them. */
        InferenceLevers levers() {
            return new InferenceLevers(!noFold, !nchw, !plainDense, grad);
        }
    }

    /** The engine of this library's inference, and the peer it is compared with. */
    static final class Engines {

        /** The engines a benchmark can be compared with. */
        enum Peer {
            onnxruntime
        }

        /** The engines this library's inference can run on. */
        enum InferenceEngine {
            pytorch,
            onnxruntime
        }

        @Option(
                names = "--peer",
                paramLabel = "onnxruntime",
                description = "Also export the network to ONNX and run it in ONNX Runtime, in turns with the"
                        + " network at each batch size (same process, threads and inputs); print ours / peer.")
        private Peer peer;

        @Option(
                names = "--engine",
                paramLabel = "pytorch|onnxruntime",
                defaultValue = "pytorch",
                description = "The engine of this library's inference: pytorch (libtorch), or onnxruntime (the"
                        + " network exported to ONNX behind DJL's ONNX Runtime engine); training always runs on"
                        + " pytorch (default: ${DEFAULT-VALUE}).")
        private InferenceEngine engine;

        /** Sets the engine and the peer on a benchmark. */
        Benchmark.Builder applyTo(Benchmark.Builder bench) {
            return bench.optOnnxRuntimePeer(peer == Peer.onnxruntime)
                    .optOnnxRuntimeEngine(engine == InferenceEngine.onnxruntime);
        }
    }

    /** The inference batch sizes: {@code --batch-sizes}. */
    static final class BatchSizes {

        @Option(
                names = "--batch-sizes",
                split = ",",
                paramLabel = "N",
                description = "Inference batch sizes (default: 1,32, and 128 on a GPU).")
        private List<Integer> batchSizes;

        /** Sets the batch sizes on a benchmark, where they were given. */
        Benchmark.Builder applyTo(Benchmark.Builder bench) {
            return batchSizes == null ? bench
                    : bench.optInferenceBatchSizes(batchSizes.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** A chart of the results: {@code --chart}. */
    static final class Chart {

        @Option(names = "--chart", paramLabel = "PNG", description = "Also draw the results as a bar chart.")
        private Path chart;

        /** The chart to draw, or null. */
        Path file() {
            return chart;
        }
    }

    /** Where the report goes: {@code --json}, {@code --output}. */
    static final class Report {

        @Option(names = "--json", description = "Print the report as JSON on stdout (progress goes to stderr).")
        private boolean json;

        @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
        private Path output;

        /** Where progress goes: stdout, or stderr when stdout carries the JSON. */
        PrintWriter progress(CommandSpec spec) {
            return json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        }

        /**
         * Writes the report to {@code --output} as JSON, then prints it: as JSON with {@code --json}, else the
         * text, if any.
         *
         * @param spec the command
         * @param report the report, serialized as it is
         * @param text the report for people, or null where progress said it all
         * @throws IOException if {@code --output} cannot be written
         */
        void finish(CommandSpec spec, Object report, String text) throws IOException {
            String jsonText = JsonUtils.GSON_PRETTY.toJson(report);
            if (output != null) {
                AtomicFiles.write(output, (jsonText + "\n").getBytes(StandardCharsets.UTF_8));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(jsonText);
            } else if (text != null) {
                out.println(text);
            }
            out.flush();
        }
    }
}
