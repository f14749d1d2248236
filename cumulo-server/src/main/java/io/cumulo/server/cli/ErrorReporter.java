package io.cumulo.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line, {@code cumulo: <message>}, on stderr: exit code 2 for usage
 * errors, 1 for everything else. A stack trace is printed only when {@code CUMULO_DEBUG=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final boolean debug;

  ErrorReporter(boolean debug) {
    this.debug = debug;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    report(
        command.getErr(),
        e,
        withoutPrefix(e.getMessage())
            + " (see "
            + command.getCommandSpec().qualifiedName()
            + " --help)");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    String message =
        e instanceof CliException
            ? e.getMessage()
            : "internal error (" + e + "); run with CUMULO_DEBUG=1 for details";
    report(command.getErr(), e, message);
    return command.getCommandSpec().exitCodeOnExecutionException();
  }

  /** picocli starts some messages with "Error: ", which "cumulo: " already says. */
  private static String withoutPrefix(String message) {
    return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
  }

  private void report(PrintWriter err, Exception e, String message) {
    if (debug) {
      e.printStackTrace(err);
    }
    err.println("cumulo: " + message);
    err.flush();
  }
}
