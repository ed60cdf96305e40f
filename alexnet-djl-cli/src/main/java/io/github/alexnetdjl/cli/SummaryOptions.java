package io.github.alexnetdjl.cli;

import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.summary.ModelSummary;
import io.github.alexnetdjl.summary.Style;
import java.nio.charset.Charset;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the Keras-style summary, for any command that prints one (a picocli mixin). */
final class SummaryOptions {

    @Option(
            names = "--style",
            defaultValue = "keras2",
            converter = StyleConverter.class,
            description = "Summary layout: keras2 (tf.keras 2 ruled table) or keras3 (Keras 3 box table); "
                    + "default: ${DEFAULT-VALUE}.")
    private Style style;

    @Option(
            names = "--line-length",
            paramLabel = "N",
            description = "Width of the summary table (default: 65 for keras2, 88 for keras3).")
    private Integer lineLength;

    @Option(names = "--stages", description = "One summary row per stage (conv1 ... fc8) instead of one per layer.")
    private boolean stages;

    @Option(names = "--show-trainable", description = "Add Keras's Trainable column to the summary.")
    private boolean showTrainable;

    /**
     * Builds the summary printer these options describe.
     *
     * @param commandLine the command, to report a bad option on
     * @param charset the charset of the output it prints on
     * @return the printer
     * @throws CommandLine.ParameterException if the options do not fit together (e.g. a line too narrow)
     */
    ModelSummary build(CommandLine commandLine, Charset charset) {
        ModelSummary.Builder summary =
                ModelSummary.builder()
                        .optName(AlexNet.NAME)
                        .optStyle(style)
                        .optStages(stages)
                        .optShowTrainable(showTrainable)
                        .optCharset(charset);
        if (lineLength != null) {
            summary.optLineLength(lineLength);
        }
        try {
            return summary.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /** Reads --style as Keras's version names, in any case. */
    static final class StyleConverter implements CommandLine.ITypeConverter<Style> {
        @Override
        public Style convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "keras2" -> Style.KERAS2;
                case "keras3" -> Style.KERAS3;
                default -> throw new CommandLine.TypeConversionException(
                        "expected keras2 or keras3, got '" + value + "'");
            };
        }
    }
}
