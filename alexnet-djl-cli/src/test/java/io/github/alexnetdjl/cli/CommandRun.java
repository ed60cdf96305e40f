package io.github.alexnetdjl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A command line run in-process, as {@code ./alexnet} runs it, with what it printed.
 *
 * @param status the exit status
 * @param out what went to standard output
 * @param err what went to standard error
 */
record CommandRun(int status, String out, String err) {

    /** Runs the command line with these arguments. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
