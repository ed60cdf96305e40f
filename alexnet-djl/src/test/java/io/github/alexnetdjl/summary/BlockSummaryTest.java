package io.github.alexnetdjl.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.nn.ReLU;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain DJL SequentialBlocks, blocks Keras has no name for, frozen layers, bad input. */
class BlockSummaryTest {

    private static final int IN = 8;
    private static final int HIDDEN = 10;
    private static final int OUT = 3;
    private static final String LONG_NAME = "AVeryLongLambdaNameThatKerasWouldWrap";

    private static Model model;
    private static SequentialBlock net;
    private static Block frozenDense;
    private static final Shape INPUT = new Shape(2, IN);

    /** A block Keras has no counterpart for, as another part of this library might add. */
    static final class LocalResponseNorm extends AbstractBlock {
        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return inputs;
        }
    }

    /** A block with two outputs, its input twice. */
    static final class Twice extends AbstractBlock {
        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.head(), inputs.head());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0], inputs[0]};
        }
    }

    @BeforeAll
    static void build() {
        frozenDense = Linear.builder().setUnits(OUT).build();
        net =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(HIDDEN).build())
                        .add(Activation.reluBlock())
                        .add(new SequentialBlock().add(Dropout.builder().build()).add(frozenDense))
                        .add(new LocalResponseNorm())
                        .add(new LambdaBlock(x -> x))
                        .add(new LambdaBlock(x -> x, LONG_NAME))
                        .add(new Twice());
        model = ModelFactory.builder().optSeed(1).build().newModel("tiny", net, INPUT);
        frozenDense.freezeParameters(true);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<String> lines(ModelSummary summary) {
        return Arrays.asList(summary.format(net, INPUT).split("\n"));
    }

    private static String rowStartingWith(List<String> lines, String start) {
        return lines.stream()
                .filter(l -> l.startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with '" + start + "' in " + lines));
    }

    @Test
    void plainSequentialBlockIsWalkedIntoKerasNamedLayers() {
        List<SummaryRow> rows = LayerRows.of(net, INPUT, "sequential", false);
        List<String> names = rows.stream().map(r -> r.name() + " (" + r.type() + ")").toList();
        String lambdaName = KerasNames.snakeCase(LONG_NAME);
        assertEquals(
                List.of(
                        "sequential_input (InputLayer)",
                        "dense (Dense)",
                        "re_lu (Lambda)",
                        "dropout (Dropout)",
                        "dense_1 (Dense)",
                        "local_response_norm (LocalResponseNorm)",
                        "lambda (Lambda)",
                        lambdaName + " (Lambda)",
                        "twice (Twice)"),
                names);
        assertEquals("a_very_long_lambda_name_that_keras_would_wrap", lambdaName);
        assertEquals((long) IN * HIDDEN + HIDDEN, rows.get(1).params());
        assertEquals((long) HIDDEN * OUT + OUT, rows.get(4).params());
        assertEquals(List.of(new Shape(2, HIDDEN)), rows.get(2).outputs());
        assertEquals(List.of(new Shape(2, OUT), new Shape(2, OUT)), rows.get(8).outputs());
        List<String> text = lines(ModelSummary.builder().build());
        assertEquals("Model: \"sequential\"", text.get(0));
        assertTrue(rowStartingWith(text, " dense_1 (Dense)").contains("(None, 3)"));
    }

    @Test
    void totalsSplitFrozenFromTrainableParameters() {
        List<String> text = lines(ModelSummary.builder().build());
        long trainable = (long) IN * HIDDEN + HIDDEN;
        long frozen = (long) HIDDEN * OUT + OUT;
        assertTrue(text.contains(String.format("Total params: %d (%d.00 Byte)", trainable + frozen, 4 * (trainable + frozen))));
        assertTrue(text.contains(String.format("Trainable params: %d (%d.00 Byte)", trainable, 4 * trainable)));
        assertTrue(text.contains(String.format("Non-trainable params: %d (%d.00 Byte)", frozen, 4 * frozen)));
    }

    @Test
    void trainableColumnSaysYesNoOrNothingToTrainAsEachKerasDoes() {
        List<String> keras2 = lines(ModelSummary.builder().optShowTrainable(true).build());
        assertEquals(65 + 11, keras2.get(1).length());
        assertTrue(rowStartingWith(keras2, " dense (Dense)").endsWith("Y          "));
        assertTrue(rowStartingWith(keras2, " dense_1 (Dense)").endsWith("N          "));
        assertTrue(rowStartingWith(keras2, " dropout (Dropout)").endsWith("Y          "));
        List<String> keras3 = lines(ModelSummary.builder().optStyle(Style.KERAS3).optShowTrainable(true).build());
        assertEquals(100, keras3.get(1).length());
        assertTrue(rowStartingWith(keras3, "│ dense (Dense)").matches(".*│\\s+Y\\s+│$"));
        assertTrue(rowStartingWith(keras3, "│ dense_1 (Dense)").matches(".*│\\s+N\\s+│$"));
        assertTrue(rowStartingWith(keras3, "│ dropout (Dropout)").matches(".*│\\s+-\\s+│$"));
    }

    @Test
    void longNamesAreWrappedNotCutInKeras2() {
        List<String> text = lines(ModelSummary.builder().build());
        String field = KerasNames.snakeCase(LONG_NAME) + " (Lambda)";
        int at = text.indexOf(rowStartingWith(text, " " + field.substring(0, 26)));
        // Keras cuts the name column every 26 characters where no "),"-like break comes first
        StringBuilder rebuilt = new StringBuilder();
        for (int i = 0; rebuilt.length() < field.length(); i++) {
            String line = text.get(at + i);
            assertEquals(65, line.length(), line);
            rebuilt.append(line, 1, Math.min(27, 1 + field.length() - rebuilt.length()));
        }
        assertEquals(field, rebuilt.toString());
    }

    @Test
    void severalOutputsBreakAfterTheClosingParenthesisInKeras2() {
        for (int width : new int[] {65, 40}) {
            List<String> text = lines(ModelSummary.builder().optLineLength(width).build());
            int from = (int) (width * 0.45);
            int to = (int) (width * 0.85);
            String first = rowStartingWith(text, " twice (Twice)");
            String second = text.get(text.indexOf(first) + 1);
            // Keras breaks after "),", even where the whole list would fit
            assertEquals("[(None, 3),", first.substring(from, to).strip(), first);
            assertEquals(" (None, 3)]", second.substring(from, to).stripTrailing(), second);
            assertTrue(text.get(text.indexOf(first) + 2).isBlank());
        }
    }

    @Test
    void keras3WrapsAtSpacesAndCutsWordsLongerThanTheColumnWithAnEllipsis() {
        List<String> text = lines(ModelSummary.builder().optStyle(Style.KERAS3).build());
        String name = KerasNames.snakeCase(LONG_NAME);
        int width = 38 - 2; // the first column at 88 columns: 39 + 2 padding, less its share of 10
        String row = rowStartingWith(text, "│ " + name.substring(0, width - 1) + "… │");
        assertTrue(text.get(text.indexOf(row) + 1).startsWith("│ (Lambda) "));
        String wrapped = rowStartingWith(text, "│ local_response_norm ");
        assertTrue(text.get(text.indexOf(wrapped) + 1).startsWith("│ (LocalResponseNorm) "));
        assertTrue(rowStartingWith(text, "│ twice (Twice)").contains("│ [(None, 3), (None, 3)] "));
    }

    @Test
    void uninitializedBlocksAreRefusedWithAClearMessage() {
        SequentialBlock fresh = new SequentialBlock().add(Linear.builder().setUnits(4).build());
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class, () -> ModelSummary.builder().build().format(fresh, INPUT));
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
        SequentialBlock noParameters = new SequentialBlock().add(new ReLU());
        IllegalStateException none =
                assertThrows(
                        IllegalStateException.class,
                        () -> ModelSummary.builder().build().format(noParameters, INPUT));
        assertTrue(none.getMessage().contains("never initialized"), none.getMessage());
    }

    @Test
    void badOptionsFailInBuild() {
        IllegalArgumentException narrow =
                assertThrows(IllegalArgumentException.class, () -> ModelSummary.builder().optLineLength(8).build());
        assertTrue(narrow.getMessage().contains("line length 8"), narrow.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelSummary.builder().optStyle(Style.KERAS3).optLineLength(15).build());
        IllegalArgumentException regex =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ModelSummary.builder().optLayerRange("conv2d[", "dense").build());
        assertTrue(regex.getMessage().contains("conv2d["), regex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.builder().optStyle(null).build());
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.builder().optName(" ").build());
        ModelSummary fine = ModelSummary.builder().build();
        assertThrows(IllegalArgumentException.class, () -> fine.format(net, new Shape()));
    }

    @Test
    void everyWidthEitherFailsInBuildOrGivesLinesOfExactlyThatWidth() {
        int built = 0;
        for (Style style : Style.values()) {
            for (boolean trainable : new boolean[] {false, true}) {
                for (int width = 1; width <= 140; width++) {
                    ModelSummary summary;
                    try {
                        summary =
                                ModelSummary.builder().optStyle(style).optShowTrainable(trainable)
                                        .optLineLength(width).build();
                    } catch (IllegalArgumentException tooNarrow) {
                        assertTrue(width < 40, style + " refused width " + width + ": " + tooNarrow.getMessage());
                        continue;
                    }
                    built++;
                    int expected = style == Style.KERAS2 && trainable ? width + 11 : width;
                    String[] lines = summary.format(net, INPUT).split("\n");
                    int tableEnd = style == Style.KERAS2 ? lines.length : lines.length - 3;
                    for (int i = 1; i < tableEnd; i++) {
                        if (!lines[i].contains("params: ")) {
                            assertEquals(expected, lines[i].length(), style + " width " + width + ": " + lines[i]);
                        }
                    }
                }
            }
        }
        assertTrue(built > 4 * 100, "widths built: " + built);
    }

    @Test
    void givenNameTitlesTheTableAndNamesTheInput() {
        List<String> text = lines(ModelSummary.builder().optName("tiny").build());
        assertEquals("Model: \"tiny\"", text.get(0));
        assertTrue(rowStartingWith(text, " tiny_input (InputLayer)").contains("[(None, 8)]"));
        List<String> rows = new ArrayList<>();
        ModelSummary.builder().optName("tiny").build().print(net, INPUT, rows::add);
        assertEquals(text, rows);
    }
}
