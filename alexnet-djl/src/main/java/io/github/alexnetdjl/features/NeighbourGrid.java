package io.github.alexnetdjl.features;

import io.github.alexnetdjl.data.DecodedImage;
import io.github.alexnetdjl.training.FilterGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws nearest neighbours as the paper's Figure 4: one row per query, the query in the first column, set
 * apart, its nearest images beside it, nearest first. Each image is drawn as the network saw it (the center
 * crop), scaled down to fit a cell.
 */
public final class NeighbourGrid {

    /** The largest side of a cell by default, in pixels: larger crops are scaled down. */
    public static final int MAX_CELL = 112;

    private static final int GAP = 4;
    private static final int QUERY_GAP = 16;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private NeighbourGrid() {}

    /**
     * Draws the grid, each image as large as the network's input, at most {@value #MAX_CELL} pixels a side.
     *
     * @param matches the queries and their neighbours, at least one
     * @return the picture
     * @throws IllegalArgumentException if there are no matches
     */
    public static BufferedImage draw(List<NearestNeighbours.Match> matches) {
        return draw(matches, MAX_CELL);
    }

    /**
     * Draws the grid, each image scaled to fit a square cell, never enlarged.
     *
     * @param matches the queries and their neighbours, at least one
     * @param cell the side of a cell in pixels
     * @return the picture
     * @throws IllegalArgumentException if there are no matches or the cell's side is not positive
     */
    public static BufferedImage draw(List<NearestNeighbours.Match> matches, int cell) {
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("expected at least one query to draw, got none");
        }
        if (cell <= 0) {
            throw new IllegalArgumentException("cell: expected a positive side in pixels, got " + cell);
        }
        DecodedImage first = matches.get(0).query().crop();
        double scale = Math.min(1, (double) cell / Math.max(first.width(), first.height()));
        int cellW = (int) Math.round(first.width() * scale);
        int cellH = (int) Math.round(first.height() * scale);
        int columns = 0;
        for (NearestNeighbours.Match match : matches) {
            columns = Math.max(columns, match.neighbours().size());
        }
        int width = GAP + cellW + QUERY_GAP + columns * (cellW + GAP);
        int height = GAP + matches.size() * (cellH + GAP);
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int row = 0; row < matches.size(); row++) {
                NearestNeighbours.Match match = matches.get(row);
                int y = GAP + row * (cellH + GAP);
                g.drawImage(match.query().picture(), GAP, y, cellW, cellH, null);
                for (int column = 0; column < match.neighbours().size(); column++) {
                    int x = GAP + cellW + QUERY_GAP + column * (cellW + GAP);
                    g.drawImage(InputImage.picture(match.neighbours().get(column).crop()), x, y, cellW, cellH, null);
                }
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /**
     * Draws the grid and writes it as a PNG, through a temporary file and a rename.
     *
     * @param matches the queries and their neighbours, at least one
     * @param cell the side of a cell in pixels, as {@link #draw(List, int)} takes it
     * @param png the file to create or replace
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if there are no matches or the cell's side is not positive
     */
    public static void write(List<NearestNeighbours.Match> matches, int cell, Path png) throws IOException {
        FilterGrid.writePng(draw(matches, cell), png);
    }
}
