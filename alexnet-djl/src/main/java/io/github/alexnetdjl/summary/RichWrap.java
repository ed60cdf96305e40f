package io.github.alexnetdjl.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word wrapping as the Python library rich does it in a table cell (Keras 3 prints its summary with rich):
 * words with their trailing spaces fill a line; a word longer than a line gets a line of its own, cut to the
 * width with a closing "…" (Keras's columns keep rich's default overflow, "ellipsis"); trailing spaces beyond
 * the width are dropped.
 */
final class RichWrap {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private RichWrap() {}

    /** Splits text into lines at most {@code width} characters long, trailing spaces aside. */
    static List<String> wrap(String text, int width) {
        List<Integer> breaks = new ArrayList<>();
        int offset = 0;
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            int start = words.start();
            String word = words.group();
            int length = word.stripTrailing().length();
            if (width - offset >= length) {
                offset += word.length();
            } else if (length > width) {
                // too long for any line: it gets a line of its own and is cut with an ellipsis below
                if (start > 0) {
                    breaks.add(start);
                }
                offset = word.length();
            } else if (offset > 0 && start > 0) {
                breaks.add(start);
                offset = word.length();
            }
        }
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int at : breaks) {
            lines.add(crop(text.substring(from, at), width));
            from = at;
        }
        lines.add(crop(text.substring(from), width));
        return lines;
    }

    /**
     * rich's {@code rstrip_end} then {@code truncate} with Keras's columns' overflow, "ellipsis": drops the
     * trailing spaces that reach beyond the width, then cuts what is still too long, ending it with "…".
     */
    private static String crop(String line, int width) {
        int excess = line.length() - width;
        if (excess <= 0) {
            return line;
        }
        int spaces = line.length() - line.stripTrailing().length();
        String stripped = line.substring(0, line.length() - Math.min(spaces, excess));
        return stripped.length() <= width ? stripped : stripped.substring(0, Math.max(0, width - 1)) + "…";
    }
}
