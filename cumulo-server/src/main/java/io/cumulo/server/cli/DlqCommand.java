package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cumulo dlq}: a function's dead letters, the events that failed their last attempt. */
@Command(
    name = "dlq",
    description = "Lists and replays a function's dead letters (events that failed every attempt).",
    subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Replay.class})
final class DlqCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command: ls or replay");
  }

  /** {@code cumulo dlq ls APP/FN}. */
  @Command(name = "ls", description = "Lists a function's dead letters.")
  static final class ListDeadLetters extends AdminCommand {
    /** The longest error text shown in the table; --json has it whole. */
    static final int MAX_ERROR_CHARS = 100;

    @Mixin DataDirOption dataDir;

    @Parameters(
        paramLabel = "APP/FN",
        converter = FunctionRef.Converter.class,
        description = "The function, e.g. hello/echo.")
    FunctionRef function;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "At most N dead letters. Default: 100.")
    int limit;

    @Option(
        names = "--json",
        description = "Print the server's JSON, payloads included, instead of a table.")
    boolean json;

    @Override
    int run() {
      if (limit < 1) {
        throw usageError("--limit must be at least 1, got " + limit);
      }
      JsonNode answer;
      try (AdminClient admin = cli().adminClient()) {
        answer = admin.deadLetters(function, limit);
      }
      if (json) {
        printJson(answer);
        return 0;
      }
      if (answer.path("deadLetters").isEmpty()) {
        out().println("no dead letters for " + function);
        out().flush();
        return 0;
      }
      table(answer).print(out());
      return 0;
    }

    static TextTable table(JsonNode answer) {
      TextTable table = new TextTable("EVENT ID", "KIND", "FAILED AT", "ATTEMPTS", "ERROR");
      for (JsonNode letter : answer.path("deadLetters")) {
        table.row(
            letter.path("eventId").asText("-"),
            letter.path("kind").asText("-"),
            letter.path("failedAt").asText("-"),
            letter.path("attempts").asText("-"),
            error(letter));
      }
      return table;
    }

    private static String error(JsonNode letter) {
      String type = letter.path("errorType").asText("");
      String message = letter.path("errorMessage").asText("").replaceAll("\\s+", " ").strip();
      String error = type.isEmpty() ? message : message.isEmpty() ? type : type + ": " + message;
      return error.length() > MAX_ERROR_CHARS
          ? error.substring(0, MAX_ERROR_CHARS - 3) + "..."
          : error;
    }
  }

  /** {@code cumulo dlq replay APP/FN (--all | --id ID...)}. */
  @Command(
      name = "replay",
      description = "Queues dead letters again, each with its original event id.")
  static final class Replay extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(
        paramLabel = "APP/FN",
        converter = FunctionRef.Converter.class,
        description = "The function, e.g. hello/echo.")
    FunctionRef function;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    static final class Selection {
      @Option(
          names = "--all",
          required = true,
          description = "Replay every dead letter of the function.")
      boolean all;

      @Option(
          names = "--id",
          paramLabel = "ID",
          required = true,
          arity = "1..*",
          description = "Replay these events.")
      List<String> ids;
    }

    @Override
    int run() {
      ObjectNode body = AdminClient.JSON.createObjectNode();
      if (selection.all) {
        body.put("all", true);
      } else {
        selection.ids.forEach(body.putArray("eventIds")::add);
      }
      int replayed;
      try (AdminClient admin = cli().adminClient()) {
        replayed = admin.replay(function, body);
      }
      out().println("replayed " + replayed + " event(s)");
      out().flush();
      return 0;
    }
  }
}
