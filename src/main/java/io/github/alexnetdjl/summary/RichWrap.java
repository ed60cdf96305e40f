package io.github.alexnetdjl.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word wrapping as the Python library rich does it in a table cell (Keras 3 prints its summary with rich):
 * words with their trailing spaces fill a line; a word that fits no line is folded into chunks of the
 * width; trailing spaces beyond the width are dropped.
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
                for (int chunk = 0; chunk < word.length(); chunk += width) {
                    int end = Math.min(word.length(), chunk + width);
                    if (start + chunk > 0) {
                        breaks.add(start + chunk);
                    }
                    offset = end - chunk;
                }
            } else if (offset > 0 && start > 0) {
                breaks.add(start);
                offset = word.length();
            }
        }
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int at : breaks) {
            lines.add(cropSpaces(text.substring(from, at), width));
            from = at;
        }
        lines.add(cropSpaces(text.substring(from), width));
        return lines;
    }

    /** rich's {@code rstrip_end}: drops the line's trailing spaces that reach beyond the width. */
    private static String cropSpaces(String line, int width) {
        int excess = line.length() - width;
        if (excess <= 0) {
            return line;
        }
        int spaces = line.length() - line.stripTrailing().length();
        return line.substring(0, line.length() - Math.min(spaces, excess));
    }
}
