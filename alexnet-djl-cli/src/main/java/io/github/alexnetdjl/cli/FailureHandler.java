package io.github.alexnetdjl.cli;

import ai.djl.ModelException;
import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;
import io.github.alexnetdjl.store.FileErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What the user sees when a command throws: one line on stderr, {@code alexnet <command>: <message>}, and exit
 * status 1. Failures the user can cause (files missing, unreadable, damaged or in the way; a full or read-only
 * disk; values a library refuses) print their message, a file that the command was given by an option named
 * with that option ({@code --out runs/x: ...}); anything else is a bug, printed as one line that names it and
 * asks for {@code --debug}. With {@code --debug}, or {@code ALEXNET_DEBUG=1} in the environment, the
 * stack trace follows.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    /** The option that asks for stack traces. */
    static final String DEBUG_OPTION = "--debug";

    /** The environment variable that asks for stack traces when set to anything but empty, 0 or false. */
    static final String DEBUG_VARIABLE = "ALEXNET_DEBUG";

    private final boolean debugFromEnvironment;

    /**
     * Creates the handler.
     *
     * @param environment the process environment, read for {@value #DEBUG_VARIABLE}
     */
    FailureHandler(Map<String, String> environment) {
        String value = environment.get(DEBUG_VARIABLE);
        this.debugFromEnvironment =
                value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parsed) {
        Throwable cause = unwrap(exception);
        String expected = userMessage(cause, executed(parsed));
        boolean debug = debugFromEnvironment || debugOption(parsed);
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        if (expected != null) {
            err.println(command + ": " + expected);
        } else {
            err.println(command + ": internal error (" + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())) + ")"
                    + (debug ? "" : "; run with " + DEBUG_OPTION + " for the trace"));
        }
        if (debug) {
            exception.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private static boolean debugOption(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /** The exception a wrapper was made for: picocli's, DJL's translation, an executor's, unchecked I/O. */
    private static Throwable unwrap(Throwable exception) {
        Throwable e = exception;
        while (e.getCause() != null
                && (e instanceof CommandLine.ExecutionException || e instanceof UncheckedIOException
                        || e instanceof TranslateException || e instanceof ExecutionException
                        || e instanceof CompletionException)) {
            e = e.getCause();
        }
        return e;
    }

    /** The message of a failure the user can cause, on one line; null for a bug. */
    private static String userMessage(Throwable e, ParseResult command) {
        if (e instanceof IOException io) {
            return oneLine(describe(io, command));
        }
        if (e instanceof ModelException || e instanceof IllegalArgumentException || e instanceof TranslateException) {
            return e.getMessage() == null || e.getMessage().isBlank() ? null : oneLine(e.getMessage());
        }
        if (e instanceof EngineException && e.getMessage() != null) {
            // libtorch appends its C++ frames to the message.
            return firstLine(e.getMessage());
        }
        return null;
    }

    /**
     * Describes an I/O failure for the user: its {@link FileErrors#reason reason}, after the file's name for a
     * file-system exception.
     *
     * @param e the failure
     * @return the description
     */
    static String describe(IOException e) {
        return describe(e, null);
    }

    /** As {@link #describe(IOException)}, naming the option a file was given with: {@code --out runs/x: ...}. */
    private static String describe(IOException e, ParseResult command) {
        if (e instanceof FileSystemException fs) {
            String option = option(fs.getFile(), command);
            return (option != null ? option : fs.getFile())
                    + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + FileErrors.reason(fs);
        }
        return FileErrors.reason(e);
    }

    /** The option and value, as the user typed them, whose value is this file; null if none is. */
    private static String option(String file, ParseResult command) {
        if (file == null || command == null) {
            return null;
        }
        Path path;
        try {
            path = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        for (OptionSpec option : command.matchedOptions()) {
            if (option.getValue() instanceof Path value && value.toAbsolutePath().normalize().equals(path)) {
                return option.longestName() + " " + value;
            }
        }
        return null;
    }

    /** The parse result of the command that ran: the last subcommand given. */
    private static ParseResult executed(ParseResult parsed) {
        ParseResult level = parsed;
        while (level != null && level.hasSubcommand()) {
            level = level.subcommand();
        }
        return level;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String firstLine(String message) {
        String stripped = message.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end).strip();
    }
}
