package io.github.alexnetdjl.summary;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prints a DJL block as Keras's {@code model.summary()} prints a model: the model's name, a table with one
 * row per layer (Keras's layer name and class, the output shape with {@code None} for the batch axis, the
 * parameter count), then the total, trainable and non-trainable parameters with their sizes.
 *
 * <pre>{@code
 * ModelSummary.builder().build().print(block, new Shape(1, 3, 224, 224), System.out);
 * String text = ModelSummary.builder().optStyle(Style.KERAS3).optStages(true).build().format(block, shape);
 * ModelSummary.builder().build().print(block, shape, logger::info); // one call per line
 * }</pre>
 *
 * <p>The block must be initialized (parameters are counted from their arrays); nothing runs through it: an
 * {@link io.github.alexnetdjl.model.AlexNetBlock}'s output shapes come from its spec ({@link
 * io.github.alexnetdjl.model.AlexNetSpec#layers()}), other blocks' from {@link Block#getOutputShapes}, chained
 * from the input shape. SequentialBlocks are
 * walked as containers (AlexNetBlock's stages among them); every other block is one layer. Layers are named
 * as Keras names them, after the Keras class they correspond to ({@code Linear} is a {@code Dense}, {@code
 * BatchNorm} a {@code BatchNormalization}), numbered per name: {@code conv2d}, {@code conv2d_1}, …; blocks
 * without a Keras counterpart keep their class name. The first row is the input, {@code <name>_input
 * (InputLayer)}; a child of the root named {@code output} (AlexNetBlock's softmax) is {@code <name>_output}.
 * Shapes are in the layout the block really computes, NCHW for AlexNet.
 */
public final class ModelSummary {

    /** Keras 2's default width. */
    public static final int KERAS2_LINE_LENGTH = 65;

    /** Keras 3's default width where the terminal is wide enough. */
    public static final int KERAS3_LINE_LENGTH = 88;

    private final String name;
    private final Style style;
    private final int lineLength;
    private final boolean stages;
    private final boolean showTrainable;
    private final Charset charset;
    private final Pattern firstLayer;
    private final Pattern lastLayer;

    private ModelSummary(Builder builder) {
        name = builder.name;
        style = builder.style;
        lineLength = builder.width();
        stages = builder.stages;
        showTrainable = builder.showTrainable;
        charset = builder.charset;
        firstLayer = builder.firstLayer;
        lastLayer = builder.lastLayer;
    }

    /**
     * Returns a builder for Keras 2's layout at its default width, one row per layer, all layers, no
     * trainable column.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the summary of a block as text, lines ended by {@code \n}.
     *
     * @param block the model's block, initialized
     * @param inputShape the shape of an input batch, batch axis first (printed as {@code None})
     * @return the summary
     * @throws IllegalStateException if the block's parameters are not initialized
     * @throws IllegalArgumentException if the layer range matches no layer, or an AlexNetBlock gets an input
     *     shape other than its spec's
     */
    public String format(Block block, Shape inputShape) {
        StringBuilder text = new StringBuilder();
        print(block, inputShape, line -> text.append(line).append('\n'));
        return text.toString();
    }

    /**
     * Prints the summary of a block to a stream, one {@code println} per line.
     *
     * @param block the model's block, initialized
     * @param inputShape the shape of an input batch, batch axis first (printed as {@code None})
     * @param out where to print
     * @throws IllegalStateException if the block's parameters are not initialized
     * @throws IllegalArgumentException if the layer range matches no layer, or an AlexNetBlock gets an input
     *     shape other than its spec's
     */
    public void print(Block block, Shape inputShape, PrintStream out) {
        print(block, inputShape, (Consumer<String>) out::println);
    }

    /**
     * Hands the summary of a block to a sink one line at a time, without line ends, e.g. a logger's {@code
     * info}. Nothing reaches the sink when the block cannot be summarized.
     *
     * @param block the model's block, initialized
     * @param inputShape the shape of an input batch, batch axis first (printed as {@code None})
     * @param lineSink receives each line
     * @throws IllegalStateException if the block's parameters are not initialized
     * @throws IllegalArgumentException if the layer range matches no layer, or an AlexNetBlock gets an input
     *     shape other than its spec's
     */
    public void print(Block block, Shape inputShape, Consumer<String> lineSink) {
        if (block == null || inputShape == null || lineSink == null) {
            throw new IllegalArgumentException("block, inputShape and lineSink must not be null");
        }
        if (inputShape.dimension() < 1) {
            throw new IllegalArgumentException(
                    "inputShape must start with the batch axis, e.g. (1, 3, 224, 224); got " + inputShape);
        }
        SummaryTotals totals = totals(block);
        String modelName = name != null ? name : defaultName(block);
        List<SummaryRow> rows = range(LayerRows.of(block, inputShape, modelName, stages));
        List<String> lines = new ArrayList<>();
        if (style == Style.KERAS3) {
            new Keras3Table(lineLength, showTrainable, charset).write(modelName, rows, totals, lines::add);
        } else {
            new Keras2Table(lineLength, showTrainable).write(modelName, rows, totals, lines::add);
        }
        lines.forEach(lineSink);
    }

    /** The block's class name without a {@code Block} suffix, lower case: AlexNetBlock is "alexnet". */
    private static String defaultName(Block block) {
        String simple = block.getClass().getSimpleName().replaceFirst("Block$", "");
        return simple.isEmpty() ? "model" : simple.toLowerCase(Locale.ROOT);
    }

    private static SummaryTotals totals(Block block) {
        long trainable = 0;
        long trainableBytes = 0;
        long frozen = 0;
        long frozenBytes = 0;
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        ParameterList parameters = block.getParameters();
        for (Pair<String, Parameter> named : parameters) {
            Parameter parameter = named.getValue();
            if (!parameter.isInitialized()) {
                throw notInitialized(block, "its parameter '" + named.getKey() + "' has no value yet");
            }
            if (seen.put(parameter, Boolean.TRUE) != null) {
                continue;
            }
            long size = parameter.getArray().getShape().size();
            long bytes = size * parameter.getArray().getDataType().getNumOfBytes();
            if (parameter.requiresGradient()) {
                trainable += size;
                trainableBytes += bytes;
            } else {
                frozen += size;
                frozenBytes += bytes;
            }
        }
        if (parameters.isEmpty() && !block.isInitialized()) {
            throw notInitialized(block, "it was never initialized");
        }
        return new SummaryTotals(trainable, trainableBytes, frozen, frozenBytes);
    }

    private static IllegalStateException notInitialized(Block block, String why) {
        return new IllegalStateException(
                "Cannot summarize "
                        + block.getClass().getSimpleName()
                        + ": "
                        + why
                        + "; initialize the block first (ModelFactory.newModel or Block.initialize)");
    }

    /** Keras's layer_range: from the first row whose name matches the first pattern to the last matching the second. */
    private List<SummaryRow> range(List<SummaryRow> rows) {
        if (firstLayer == null) {
            return rows;
        }
        int lowest = Integer.MAX_VALUE;
        int highestLower = -1;
        int lowestUpper = Integer.MAX_VALUE;
        int highest = -1;
        for (int i = 0; i < rows.size(); i++) {
            String layer = rows.get(i).name();
            if (firstLayer.matcher(layer).lookingAt()) {
                lowest = Math.min(lowest, i);
                highestLower = i;
            }
            if (lastLayer.matcher(layer).lookingAt()) {
                lowestUpper = Math.min(lowestUpper, i);
                highest = i;
            }
        }
        if (highestLower < 0 || highest < 0) {
            List<String> names = rows.stream().map(SummaryRow::name).toList();
            throw new IllegalArgumentException(
                    "Layer range ["
                            + firstLayer
                            + ", "
                            + lastLayer
                            + "] does not match the layer names "
                            + names);
        }
        if (lowest > highest) {
            return rows.subList(lowestUpper, highestLower + 1);
        }
        return rows.subList(lowest, highest + 1);
    }

    /** Builds a {@link ModelSummary}. */
    public static final class Builder {

        private String name;
        private Style style = Style.KERAS2;
        private Integer lineLength;
        private boolean stages;
        private boolean showTrainable;
        private Charset charset = StandardCharsets.UTF_8;
        private Pattern firstLayer;
        private Pattern lastLayer;
        private String[] layerRange;

        private Builder() {}

        /**
         * Sets the model's name, shown in the title and in the input and output rows; default the block's
         * class name without "Block", lower case ({@code alexnet} for AlexNetBlock, {@code sequential} for a
         * SequentialBlock).
         *
         * @param name the model's name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the look; default {@link Style#KERAS2}.
         *
         * @param style Keras 2's ruled table or Keras 3's box-drawn one
         * @return this builder
         */
        public Builder optStyle(Style style) {
            this.style = style;
            return this;
        }

        /**
         * Sets the width of the table's lines; default {@value #KERAS2_LINE_LENGTH} for Keras 2 and {@value
         * #KERAS3_LINE_LENGTH} for Keras 3 (Keras 3 itself narrows that to the terminal's width minus 4, e.g.
         * 76 in a notebook). As in Keras, the trainable column widens Keras 2's lines by 11, and Keras 3's
         * default by 12.
         *
         * @param lineLength the width in characters
         * @return this builder
         */
        public Builder optLineLength(int lineLength) {
            this.lineLength = lineLength;
            return this;
        }

        /**
         * Prints one row per stage (each SequentialBlock directly under the root, e.g. AlexNet's conv1 … fc8)
         * instead of one per layer; default one per layer.
         *
         * @param stages whether to print one row per stage
         * @return this builder
         */
        public Builder optStages(boolean stages) {
            this.stages = stages;
            return this;
        }

        /**
         * Adds Keras's Trainable column: Y where a layer has parameters that need gradients (or none at all
         * in Keras 2), N where all its parameters are frozen, and in Keras 3 "-" where it has none; default
         * off.
         *
         * @param showTrainable whether to add the column
         * @return this builder
         */
        public Builder optShowTrainable(boolean showTrainable) {
            this.showTrainable = showTrainable;
            return this;
        }

        /**
         * Sets the charset the summary will be encoded in, e.g. that of the console it is printed on; default
         * UTF-8. Where it cannot encode Keras 3's box-drawing characters (a console in the POSIX locale is
         * US-ASCII), the Keras 3 table is drawn with rich's ASCII box, as Keras 3 draws it on such a console,
         * instead of printing {@code ?} for each of them. Keras 2's table is ASCII anyway.
         *
         * @param charset the output's charset
         * @return this builder
         */
        public Builder optCharset(Charset charset) {
            this.charset = charset;
            return this;
        }

        /**
         * Prints only a range of rows, as Keras's {@code layer_range}: from the first row whose layer name
         * matches {@code first} to the last row whose name matches {@code last}, both included. The names are
         * regular expressions matched at the start of a name ({@code conv2d_1} matches {@code conv2d_1} and
         * {@code conv2d_10}). The totals stay those of the whole model. Default: all rows.
         *
         * @param first the first layer's name or pattern, e.g. {@code conv2d_1}
         * @param last the last layer's name or pattern, e.g. {@code max_pooling2d_1}
         * @return this builder
         */
        public Builder optLayerRange(String first, String last) {
            this.layerRange = new String[] {first, last};
            return this;
        }

        /**
         * Validates the options and builds the printer.
         *
         * @return the printer
         * @throws IllegalArgumentException if the style is null, the name blank, the line too narrow for the
         *     style's columns, or a layer range pattern null or not a regular expression
         */
        public ModelSummary build() {
            if (style == null) {
                throw new IllegalArgumentException("style must be KERAS2 or KERAS3, got null");
            }
            if (charset == null) {
                throw new IllegalArgumentException("charset must not be null");
            }
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            String narrow =
                    style == Style.KERAS3
                            ? Keras3Table.tooNarrow(width(), showTrainable)
                            : Keras2Table.tooNarrow(width(), showTrainable);
            if (narrow != null) {
                throw new IllegalArgumentException(
                        "line length " + width() + " is too narrow for the " + style + " summary: " + narrow);
            }
            if (layerRange != null) {
                firstLayer = pattern("first", layerRange[0]);
                lastLayer = pattern("last", layerRange[1]);
            }
            return new ModelSummary(this);
        }

        /** The line length asked for, or the style's default; Keras 3 widens its default for the column. */
        private int width() {
            if (lineLength != null) {
                return lineLength;
            }
            return style == Style.KERAS3 ? KERAS3_LINE_LENGTH + (showTrainable ? 12 : 0) : KERAS2_LINE_LENGTH;
        }

        private static Pattern pattern(String which, String regex) {
            if (regex == null) {
                throw new IllegalArgumentException("layer range: the " + which + " layer name must not be null");
            }
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "layer range: the " + which + " layer name '" + regex + "' is not a regular expression: "
                                + e.getDescription(),
                        e);
            }
        }
    }
}
