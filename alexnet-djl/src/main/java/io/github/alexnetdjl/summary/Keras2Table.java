package io.github.alexnetdjl.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a summary as tf.keras 2.13 to 2.15 does ({@code print_summary} in {@code layer_utils.py}, the
 * sequential-like layout): columns end at 45 %, 85 % and 100 % of the line; each cell is cut to its column
 * and the rest goes on following lines, breaking after {@code "),"} where a cell has one; rows are separated
 * by blank lines padded to the full width.
 */
final class Keras2Table {

    private static final double[] POSITIONS = {0.45, 0.85, 1.0};
    private static final String[] BREAK_AFTER = {"),", "},", "],", "',"};
    private static final int TRAINABLE_WIDTH = 11;

    private final int lineLength;
    private final int[] positions;
    private final boolean showTrainable;

    /**
     * @param lineLength the width without the trainable column
     * @param showTrainable whether to add the 11 columns wide Trainable column, as Keras does
     */
    Keras2Table(int lineLength, boolean showTrainable) {
        this.showTrainable = showTrainable;
        int columns = POSITIONS.length + (showTrainable ? 1 : 0);
        positions = new int[columns];
        for (int i = 0; i < POSITIONS.length; i++) {
            positions[i] = (int) (lineLength * POSITIONS[i]);
        }
        this.lineLength = showTrainable ? lineLength + TRAINABLE_WIDTH : lineLength;
        if (showTrainable) {
            positions[columns - 1] = this.lineLength;
        }
    }

    /** Returns why a line length is too narrow for this layout, or null where it fits. */
    static String tooNarrow(int lineLength, boolean showTrainable) {
        Keras2Table table = new Keras2Table(lineLength, showTrainable);
        for (int col = 0; col < table.positions.length; col++) {
            if (table.cutoff(col) < 1) {
                return "column " + (col + 1) + " would have no room";
            }
        }
        return null;
    }

    void write(String modelName, List<SummaryRow> rows, SummaryTotals totals, Consumer<String> out) {
        out.accept("Model: \"" + modelName + "\"");
        out.accept("_".repeat(lineLength));
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (showTrainable) {
            header.add("Trainable");
        }
        printRow(header, out);
        out.accept("=".repeat(lineLength));
        for (SummaryRow row : rows) {
            List<String> fields = new ArrayList<>();
            fields.add(row.name() + " (" + row.type() + ")");
            fields.add(row.inputLayer() ? ShapeText.list(row.outputs()) : ShapeText.outputs(row.outputs()));
            fields.add(Long.toString(row.params()));
            if (showTrainable) {
                fields.add(row.trainable() ? "Y" : "N");
            }
            printRow(fields, out);
            out.accept(" ".repeat(lineLength));
        }
        out.accept("=".repeat(lineLength));
        out.accept(total("Total params: ", totals.total(), totals.totalBytes()));
        out.accept(total("Trainable params: ", totals.trainable(), totals.trainableBytes()));
        out.accept(total("Non-trainable params: ", totals.nonTrainable(), totals.nonTrainableBytes()));
        out.accept("_".repeat(lineLength));
    }

    // Keras 2.13+ drops the separators here; the issue this library answers asks for them (see docs/summary.md).
    private static String total(String label, long count, long bytes) {
        return String.format(java.util.Locale.ROOT, "%s%,d (%s)", label, count, ReadableSize.of(bytes, "Byte"));
    }

    private int cutoff(int col) {
        int start = col > 0 ? positions[col - 1] : 0;
        boolean last = col == positions.length - 1;
        int cutoff = positions[col] - start - (last ? 0 : 2);
        return last ? cutoff : cutoff - 1;
    }

    private void printRow(List<String> fields, Consumer<String> out) {
        String[] left = fields.toArray(String[]::new);
        while (anyLeft(left)) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < left.length; col++) {
                boolean last = col == positions.length - 1;
                int cutoff = Math.min(cutoff(col), left[col].length());
                String fit = left[col].substring(0, cutoff);
                int breakAt = Integer.MAX_VALUE;
                for (String end : BREAK_AFTER) {
                    int found = fit.indexOf(end);
                    if (found >= 0) {
                        breakAt = Math.min(breakAt, found + end.length());
                    }
                }
                if (breakAt != Integer.MAX_VALUE) {
                    cutoff = breakAt;
                    fit = fit.substring(0, cutoff);
                }
                if (col == 0) {
                    line.append(' ');
                }
                line.append(fit);
                if (!last) {
                    line.append("  ");
                }
                left[col] = left[col].substring(cutoff);
                line.append(" ".repeat(Math.max(0, positions[col] - line.length())));
            }
            out.accept(line.toString());
        }
    }

    private static boolean anyLeft(String[] left) {
        for (String s : left) {
            if (!s.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
