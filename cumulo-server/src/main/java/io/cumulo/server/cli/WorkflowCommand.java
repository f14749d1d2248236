package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cumulo workflow}: start, list, describe and stop workflow executions, and show their history. */
@Command(
    name = "workflow",
    description = "Starts, lists, describes and stops workflow executions and shows their history.",
    subcommands = {
      WorkflowCommand.Start.class,
      WorkflowCommand.ListExecutions.class,
      WorkflowCommand.Describe.class,
      WorkflowCommand.History.class,
      WorkflowCommand.Stop.class
    })
final class WorkflowCommand implements Runnable {
  /** The longest JSON shown in a table cell; --json has it whole. */
  static final int MAX_CELL_CHARS = 80;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command: start, ls, describe, history or stop");
  }

  /** {@code cumulo workflow start APP/WF [--input JSON|@FILE] [--name NAME]}. */
  @Command(name = "start", description = "Starts an execution and prints its id.")
  static final class Start extends AdminCommand {
    private static final ObjectReader STRICT_JSON =
        AdminClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "APP/WF", converter = FunctionRef.Converter.class,
        description = "The workflow, e.g. demo/pipeline.")
    FunctionRef workflow;

    @Option(names = "--input", paramLabel = "JSON|@FILE", defaultValue = "{}",
        description = "The input: JSON text or @FILE to read a file. Default: {}.")
    String input;

    @Option(names = "--name", paramLabel = "NAME",
        description = "The execution's name; starting the same name again returns the same execution.")
    String name;

    @Override
    int run() {
      byte[] body = readInput();
      JsonNode started;
      try (AdminClient admin = cli().adminClient()) {
        started = admin.startExecution(workflow.app(), workflow.function(), body, name);
      }
      out().println(started.path("id").asText());
      out().flush();
      return 0;
    }

    private byte[] readInput() {
      byte[] bytes;
      if (input.startsWith("@")) {
        Path file = Path.of(input.substring(1));
        try {
          bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
          throw usageError("no such input file: " + file);
        } catch (IOException e) {
          throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
      } else {
        bytes = input.getBytes(StandardCharsets.UTF_8);
      }
      try {
        STRICT_JSON.readTree(bytes);
      } catch (JacksonException e) {
        throw usageError("the input is not valid JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new IllegalStateException("reading a byte array cannot fail", e);
      }
      return bytes;
    }
  }

  /** {@code cumulo workflow ls APP[/WF] [--status S] [--limit N]}. */
  @Command(name = "ls", description = "Lists an app's (or one workflow's) executions, newest first.")
  static final class ListExecutions extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "APP[/WF]", description = "The app, or one of its workflows, e.g. demo/pipeline.")
    String target;

    @Option(names = "--status", paramLabel = "STATUS",
        description = "Only RUNNING, SUCCEEDED, FAILED or ABORTED executions.")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N. Default: 50.")
    int limit;

    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    @Override
    int run() {
      int slash = target.indexOf('/');
      String app = slash < 0 ? target : target.substring(0, slash);
      String workflow = slash < 0 ? null : target.substring(slash + 1);
      JsonNode answer;
      try (AdminClient admin = cli().adminClient()) {
        answer = admin.executions(app, workflow, status, limit);
      }
      if (json) {
        printJson(answer);
        return 0;
      }
      if (answer.path("executions").isEmpty()) {
        out().println("no executions of " + target);
        out().flush();
        return 0;
      }
      TextTable table = new TextTable("ID", "WORKFLOW", "STATUS", "STARTED", "STOPPED", "ERROR");
      for (JsonNode e : answer.path("executions")) {
        table.row(e.path("id").asText(), e.path("workflow").asText(), e.path("status").asText(),
            e.path("startedAt").asText(), e.path("stoppedAt").asText("-"), e.path("error").asText("-"));
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code cumulo workflow describe ID}. */
  @Command(name = "describe", description = "Shows an execution: status, input, output or error.")
  static final class Describe extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "ID", description = "The execution's id.")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    int run() {
      JsonNode e;
      try (AdminClient admin = cli().adminClient()) {
        e = admin.execution(id);
      }
      if (json) {
        printJson(e);
        return 0;
      }
      TextTable table = new TextTable("FIELD", "VALUE");
      for (String field : new String[] {"id", "name", "app", "workflow", "status", "startedAt", "stoppedAt",
          "input", "output", "error", "cause"}) {
        JsonNode value = e.path(field);
        if (!value.isNull() && !value.isMissingNode()) {
          table.row(field, value.isTextual() ? value.asText() : value.toString());
        }
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code cumulo workflow history ID}. */
  @Command(name = "history", description = "Shows every event of an execution: states entered and exited"
      + " with their input and output, tasks, retries, errors.")
  static final class History extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "ID", description = "The execution's id.")
    String id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N events.")
    int limit;

    @Option(names = "--json", description = "Print the server's JSON, details whole.")
    boolean json;

    @Override
    int run() {
      JsonNode answer;
      try (AdminClient admin = cli().adminClient()) {
        answer = admin.executionHistory(id, limit);
      }
      if (json) {
        printJson(answer);
        return 0;
      }
      TextTable table = new TextTable("#", "TIME", "TYPE", "STATE", "DETAIL");
      for (JsonNode event : answer.path("events")) {
        String detail = event.path("detail").toString();
        table.row(event.path("sequence").asText(), event.path("time").asText(), event.path("type").asText(),
            event.path("state").asText("-"), detail.length() > MAX_CELL_CHARS
                ? detail.substring(0, MAX_CELL_CHARS - 3) + "..." : detail);
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code cumulo workflow stop ID [--cause TEXT]}. */
  @Command(name = "stop", description = "Stops a running execution; it ends as ABORTED.")
  static final class Stop extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "ID", description = "The execution's id.")
    String id;

    @Option(names = "--cause", paramLabel = "TEXT", defaultValue = "", description = "Why, kept with it.")
    String cause;

    @Override
    int run() {
      JsonNode e;
      try (AdminClient admin = cli().adminClient()) {
        e = admin.stopExecution(id, cause);
      }
      out().println(e.path("id").asText() + " " + e.path("status").asText());
      out().flush();
      return 0;
    }
  }
}
