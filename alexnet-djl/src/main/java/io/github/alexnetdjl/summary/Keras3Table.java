package io.github.alexnetdjl.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a summary as Keras 3 does ({@code print_summary} in {@code summary_utils.py}, which hands a table
 * to the Python library rich): fixed column widths from the positions 45 %, 80 %, 100 % (scaled by 0.9 with a
 * Trainable column), each with one space of padding either side, shrunk evenly (rounding half to even) until
 * the table with its borders is as wide as the line; cells word-wrapped; a heavy header and a rule between
 * rows.
 */
final class Keras3Table {

    private static final double[] POSITIONS = {0.45, 0.80, 1.0};
    private static final int MIN_COLUMN = 4;

    private final int lineLength;
    private final boolean showTrainable;
    private final Justify[] justify;
    private final int[] widths;

    private enum Justify {
        LEFT,
        RIGHT,
        CENTER
    }

    /**
     * @param lineLength the table's width, borders included
     * @param showTrainable whether to add a Trainable column
     */
    Keras3Table(int lineLength, boolean showTrainable) {
        this.lineLength = lineLength;
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
        out.accept(rule('┏', '━', '┳', '┓'));
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (showTrainable) {
            header.add("Trainable");
        }
        printRow(header, '┃', out);
        out.accept(rule('┡', '━', '╇', '┩'));
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.accept(rule('├', '─', '┼', '┤'));
            }
            printRow(fields(rows.get(i)), '│', out);
        }
        out.accept(rule('└', '─', '┴', '┘'));
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

    private String rule(char left, char line, char cross, char right) {
        StringBuilder rule = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                rule.append(cross);
            }
            rule.append(String.valueOf(line).repeat(widths[i]));
        }
        return rule.append(right).toString();
    }

    private void printRow(List<String> fields, char border, Consumer<String> out) {
        List<List<String>> cells = new ArrayList<>();
        int height = 0;
        for (int i = 0; i < fields.size(); i++) {
            List<String> lines = RichWrap.wrap(fields.get(i), widths[i] - 2);
            cells.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int h = 0; h < height; h++) {
            StringBuilder line = new StringBuilder().append(border);
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    line.append(border);
                }
                List<String> lines = cells.get(i);
                String text = h < lines.size() ? lines.get(h) : "";
                line.append(' ').append(justified(text, widths[i] - 2, justify[i])).append(' ');
            }
            out.accept(line.append(border).toString());
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
