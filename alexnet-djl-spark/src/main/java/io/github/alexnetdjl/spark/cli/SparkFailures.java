package io.github.alexnetdjl.spark.cli;

import ai.djl.ModelException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A failed job is one line on stderr, {@code alexnet spark <command>: <message>}, and status 1: the user's
 * mistakes (a missing path, a model directory that is not one, an output in use) say what is wrong; anything
 * else names the exception and asks for {@code ALEXNET_DEBUG=1}, which prints the stack trace.
 */
final class SparkFailures implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        String message = userMessage(exception);
        err.println(command + ": " + (message != null ? message
                : "internal error (" + exception + "); run with ALEXNET_DEBUG=1 for the trace"));
        String debug = System.getenv("ALEXNET_DEBUG");
        if (debug != null && !debug.isBlank() && !debug.equals("0")) {
            exception.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private static String userMessage(Exception e) {
        String message;
        if (e instanceof FileSystemException fs) {
            message = fs.getFile() + ": " + fs.getReason();
        } else if (e instanceof AnalysisException analysis) {
            message = analysis.getSimpleMessage();
        } else if (e instanceof IOException || e instanceof ModelException || e instanceof IllegalArgumentException) {
            message = e.getMessage();
        } else {
            return null;
        }
        return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
