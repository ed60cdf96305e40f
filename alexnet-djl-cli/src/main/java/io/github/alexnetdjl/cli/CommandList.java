package io.github.alexnetdjl.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * The "Commands:" section of a help text: each subcommand with its header or else the first sentence of its
 * description, whole.
 * picocli's own list shows the description's first line, which ends mid-sentence wherever a description is
 * wrapped by hand.
 */
final class CommandList implements CommandLine.IHelpSectionRenderer {

    /**
     * Puts this list into the help of a command and of all its subcommands.
     *
     * @param commandLine the root command
     */
    static void install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                new CommandList());
        commandLine.getSubcommands().values().forEach(CommandList::install);
    }

    @Override
    public String render(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        // picocli's own layout: the names, two spaces, and the descriptions wrapped to the usage width.
        int names = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(), new Column(names, 2, Column.Overflow.SPAN),
                new Column(width - names, 2, Column.Overflow.WRAP));
        for (Map.Entry<String, Help> entry : subcommands.entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = entry.getValue().commandSpec().usageMessage();
            // A header, where a command has one (picocli's help command), is its summary already.
            String summary = usage.header().length > 0 ? usage.header()[0] : firstSentence(usage.description());
            table.addRowValues(help.colorScheme().commandText(entry.getKey()),
                    help.colorScheme().text(String.format(summary)));
        }
        return table.toString();
    }

    /**
     * Returns the first sentence of a description given as lines: up to the first full stop outside
     * parentheses that ends a word, or up to the first empty line.
     *
     * @param lines the description's lines
     * @return the sentence, on one line
     */
    static String firstSentence(String... lines) {
        StringBuilder sentence = new StringBuilder();
        int depth = 0;
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty()) {
                if (sentence.length() > 0) {
                    break;
                }
                continue;
            }
            if (sentence.length() > 0) {
                sentence.append(' ');
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                sentence.append(c);
                depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
                if (c == '.' && depth == 0 && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                    return sentence.toString();
                }
            }
        }
        return sentence.toString();
    }
}
