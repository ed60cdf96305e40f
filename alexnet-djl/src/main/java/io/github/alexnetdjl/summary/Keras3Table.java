package io.github.alexnetdjl.summary;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a summary as Keras 3 does ({@code print_summary} in {@code summary_utils.py}, which hands a table
 * to the Python library rich): fixed column widths from the positions 45 %, 80 %, 100 % (scaled by 0.9 with a
 * Trainable column), each with one space of padding either side, shrunk evenly (rounding half to even) until
 * the table with its borders is as wide as the line; cells word-wrapped; a heavy header and a rule between
 * rows. Where the text's charset cannot encode the box-drawing characters, the borders are rich's ASCII box,
 * as rich draws them on a console that is not UTF-8 (and "~" marks a cut word instead of "…").
 */
final class Keras3Table {

    private static final double[] POSITIONS = {0.45, 0.80, 1.0};
    private static final int MIN_COLUMN = 4;
    /**
     * rich's boxes, four characters a line as in {@code rich/box.py}: the top, the header's row, the rule under
     * the header, a row, the rule between rows, the rule above a footer, a footer's row, the bottom. Keras 3
     * draws HEAVY_HEAD.
     */
    private static final String HEAVY_HEAD = "┏━┳┓┃ ┃┃┡━╇┩│ ││├─┼┤├─┼┤│ ││└─┴┘";
    private static final String ASCII = "+--+| |||-+|| |||-+||-+|| ||+--+";
    private static final int TOP = 0;
    private static final int HEAD_ROW = 1;
    private static final int HEAD_RULE = 2;
    private static final int ROW = 3;
    private static final int ROW_RULE = 4;
    private static final int BOTTOM = 7;

    private final int lineLength;
    private final boolean showTrainable;
    private final Justify[] justify;
    private final int[] widths;
    private final String box;

    private enum Justify {
        LEFT,
        RIGHT,
        CENTER
    }

    /**
     * @param lineLength the table's width, borders included
     * @param showTrainable whether to add a Trainable column
     * @param charset the charset the lines will be encoded in
     */
    Keras3Table(int lineLength, boolean showTrainable, Charset charset) {
        this.lineLength = lineLength;
        this.box = charset.newEncoder().canEncode(HEAVY_HEAD + "…") ? HEAVY_HEAD : ASCII;
        this.showTrainable = showTrainable;
        justify =
                showTrainable
                        ? new Justify[] {Justify.LEFT, Justify.LEFT, Justify.RIGHT, Justify.CENTER}
                        : new Justify[] {Justify.LEFT, Justify.LEFT, Justify.RIGHT};
        widths = cellWidths(columnWidths(lineLength, showTrainable), lineLength);
    }

    /** Returns why a line length is too narrow for this layout, or null where it fits. */
    static String tooNarrow(int lineLength, boolean showTrainable) {
        int[] widths = columnWidths(lineLength, showTrainable);
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < MIN_COLUMN) {
                return "column " + (i + 1) + " would be " + widths[i] + " wide, Keras needs " + MIN_COLUMN;
            }
        }
        int[] cells = cellWidths(widths, lineLength);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] < 3) {
                return "column " + (i + 1) + " would have no room inside its padding";
            }
        }
        return null;
    }

    private static int[] columnWidths(int lineLength, boolean showTrainable) {
        double[] positions = POSITIONS;
        if (showTrainable) {
            positions = new double[] {POSITIONS[0] * 0.90, POSITIONS[1] * 0.90, POSITIONS[2] * 0.90, 1.0};
        }
        int[] widths = new int[positions.length];
        int current = 0;
        for (int i = 0; i < positions.length; i++) {
            widths[i] = (int) (positions[i] * lineLength) - current;
            current += widths[i];
        }
        return widths;
    }

    /** rich's fixed-width columns: padding added, then reduced evenly to fit the borders into the line. */
    private static int[] cellWidths(int[] columnWidths, int lineLength) {
        int n = columnWidths.length;
        int[] widths = new int[n];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            widths[i] = columnWidths[i] + 2;
            sum += widths[i];
        }
        int available = lineLength - (n + 1);
        if (sum > available) {
            int remaining = sum - available;
            int ratios = n;
            for (int i = 0; i < n; i++) {
                int cut = (int) Math.min(widths[i], Math.rint((double) remaining / ratios));
                widths[i] -= cut;
                remaining -= cut;
                ratios--;
            }
        }
        return widths;
    }

    void write(String modelName, List<SummaryRow> rows, SummaryTotals totals, Consumer<String> out) {
        out.accept("Model: \"" + modelName + "\"");
        out.accept(rule(TOP));
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (showTrainable) {
            header.add("Trainable");
        }
        printRow(header, HEAD_ROW, out);
        out.accept(rule(HEAD_RULE));
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.accept(rule(ROW_RULE));
            }
            printRow(fields(rows.get(i)), ROW, out);
        }
        out.accept(rule(BOTTOM));
        out.accept(total(" Total params: ", totals.total(), totals.totalBytes()));
        out.accept(total(" Trainable params: ", totals.trainable(), totals.trainableBytes()));
        out.accept(total(" Non-trainable params: ", totals.nonTrainable(), totals.nonTrainableBytes()));
    }

    private List<String> fields(SummaryRow row) {
        List<String> fields = new ArrayList<>();
        fields.add(row.name() + " (" + row.type() + ")");
        fields.add(ShapeText.keras3Outputs(row.outputs()));
        fields.add(String.format(Locale.ROOT, "%,d", row.params()));
        if (showTrainable) {
            fields.add(!row.hasParameters() ? "-" : row.trainable() ? "Y" : "N");
        }
        return fields;
    }

    private static String total(String label, long count, long bytes) {
        return String.format(Locale.ROOT, "%s%,d (%s)", label, count, ReadableSize.of(bytes, "B"));
    }

    /** A rule of the box: its line's left corner, horizontal, crossing and right corner. */
    private String rule(int boxLine) {
        StringBuilder rule = new StringBuilder().append(box.charAt(4 * boxLine));
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                rule.append(box.charAt(4 * boxLine + 2));
            }
            rule.append(String.valueOf(box.charAt(4 * boxLine + 1)).repeat(widths[i]));
        }
        return rule.append(box.charAt(4 * boxLine + 3)).toString();
    }

    /** A row of cells between the box line's left edge, dividers and right edge. */
    private void printRow(List<String> fields, int boxLine, Consumer<String> out) {
        char left = box.charAt(4 * boxLine);
        char divider = box.charAt(4 * boxLine + 2);
        char right = box.charAt(4 * boxLine + 3);
        List<List<String>> cells = new ArrayList<>();
        int height = 0;
        for (int i = 0; i < fields.size(); i++) {
            List<String> lines = RichWrap.wrap(fields.get(i), widths[i] - 2);
            cells.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int h = 0; h < height; h++) {
            StringBuilder line = new StringBuilder().append(left);
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    line.append(divider);
                }
                List<String> lines = cells.get(i);
                String text = h < lines.size() ? lines.get(h) : "";
                line.append(' ').append(justified(text, widths[i] - 2, justify[i])).append(' ');
            }
            String text = line.append(right).toString();
            out.accept(box == ASCII ? text.replace('…', '~') : text);
        }
    }

    private static String justified(String text, int width, Justify how) {
        String stripped = text.stripTrailing();
        int gap = Math.max(0, width - stripped.length());
        return switch (how) {
            case LEFT -> text.length() > width ? text.substring(0, width) : text + " ".repeat(width - text.length());
            case RIGHT -> " ".repeat(gap) + stripped;
            case CENTER -> " ".repeat(gap / 2) + stripped + " ".repeat(gap - gap / 2);
        };
    }
}
