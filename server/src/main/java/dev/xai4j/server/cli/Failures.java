package dev.xai4j.server.cli;

import dev.xai4j.explain.ParameterException;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.model.CheckpointException;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Turns exceptions into one line on standard error and an exit code, never a stack trace (set
 * {@code XAI_DEBUG=1} to see one): 2 for usage errors (bad parameters), 1 for everything else.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        int code;
        String message;
        if (e instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (e instanceof ParameterException p) {
            code = 2;
            message = p.getMessage();
        } else if (e instanceof CheckpointException || e instanceof InvalidImageException
                || e instanceof IllegalArgumentException) {
            code = 1;
            message = e.getMessage();
        } else if (e instanceof UncheckedIOException io) {
            code = 1;
            message = io.getCause() != null && io.getCause().getMessage() != null ? io.getMessage() : "I/O error";
        } else {
            code = 1;
            message = "unexpected error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        cl.getErr().println("xai " + cl.getCommandName() + ": " + oneLine(message));
        if (System.getenv("XAI_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        return code;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
