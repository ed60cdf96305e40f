package io.github.alexnetdjl.diagram;

import ai.djl.ndarray.types.Shape;
import io.github.alexnetdjl.model.AlexNetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a network's stages as an SVG picture, from its {@link AlexNetSpec}: one column per stage with its
 * layers and output shape, each column as tall as its feature maps are wide (on a log scale), so the picture
 * always shows the network the code builds.
 *
 * <pre>{@code
 * AlexNetBlock block = AlexNetBlock.builder().build();
 * String svg = ArchitectureDiagram.svg("AlexNet (notebook)", block.getSpec());
 * }</pre>
 */
public final class ArchitectureDiagram {

    private static final int COLUMN_WIDTH = 132;
    private static final int GAP = 18;
    private static final int TOP = 56;
    private static final int LINE = 15;

    private ArchitectureDiagram() {}

    /** A column of the picture: a stage, its layer labels, and its output shape for one image. */
    private record Column(String name, List<String> layers, Shape output) {}

    /**
     * Renders the picture.
     *
     * @param title the caption above the picture
     * @param spec the network; its stages become columns, after one for the input
     * @return the SVG document
     */
    public static String svg(String title, AlexNetSpec spec) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("input", List.of(), spec.inputShape()));
        spec.stages().forEach((stage, layers) -> columns.add(new Column(stage,
                layers.stream().map(LayerDescription::of).toList(), layers.get(layers.size() - 1).output())));
        return render(title, columns);
    }

    private static String render(String title, List<Column> columns) {
        int maxLayers = columns.stream().mapToInt(c -> c.layers().size()).max().orElse(0);
        int mapHeight = 150;
        int width = GAP + columns.size() * (COLUMN_WIDTH + GAP);
        int height = TOP + mapHeight + 40 + maxLayers * LINE + 30;
        double largest = columns.stream().mapToDouble(c -> side(c.output())).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                                + " font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">%n",
                        width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"26\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                        GAP,
                        escape(title)));
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            int x = GAP + i * (COLUMN_WIDTH + GAP);
            double relative = Math.log1p(side(column.output())) / Math.log1p(largest);
            int boxHeight = (int) Math.max(14, Math.round(mapHeight * relative));
            int boxTop = TOP + (mapHeight - boxHeight) / 2;
            boolean dense = column.output().dimension() == 1;
            String fill = i == 0 ? "#e8e8e8" : dense ? "#f6d7a7" : "#a7c7e7";
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#333\"/>%n",
                            x + 20, boxTop, COLUMN_WIDTH - 40, boxHeight, fill));
            if (i > 0) {
                int arrowY = TOP + mapHeight / 2;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                                x - GAP - 20, arrowY, x + 20, arrowY));
            }
            int textY = TOP + mapHeight + 18;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                            x + COLUMN_WIDTH / 2, textY, escape(column.name())));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>%n",
                            x + COLUMN_WIDTH / 2, textY + LINE, escape(shapeText(column.output()))));
            for (int l = 0; l < column.layers().size(); l++) {
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                                x + COLUMN_WIDTH / 2,
                                textY + (l + 2) * LINE + 4,
                                escape(column.layers().get(l))));
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The spatial side of a (channels, height, width) map, or the width of a dense output. */
    private static double side(Shape shape) {
        return shape.dimension() == 3 ? shape.get(1) : shape.get(shape.dimension() - 1) / 64.0;
    }

    private static String shapeText(Shape shape) {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < shape.dimension(); d++) {
            text.append(d > 0 ? "x" : "").append(shape.get(d));
        }
        return text.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
