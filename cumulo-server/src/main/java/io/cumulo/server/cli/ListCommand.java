package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cumulo ls}: the deployed apps and functions with their live figures. */
@Command(
    name = "ls",
    description =
        "Lists deployed apps, functions (instances, queue, invocations, errors, billing) and"
            + " services (replicas and their state, restarts).")
final class ListCommand extends AdminCommand {
  @Mixin DataDirOption dataDir;

  @Option(names = "--json", description = "Print the server's JSON instead of a table.")
  boolean json;

  @Override
  int run() {
    JsonNode answer;
    try (AdminClient admin = cli().adminClient()) {
      answer = admin.apps();
    }
    if (json) {
      printJson(answer);
      return 0;
    }
    if (answer.path("apps").isEmpty()) {
      out().println("no apps deployed; deploy one with: cumulo deploy DIR");
      out().flush();
      return 0;
    }
    table(answer).print(out());
    TextTable services = servicesTable(answer);
    if (services != null) {
      out().println();
      services.print(out());
    }
    return 0;
  }

  /** The services of every app, one row each; null when no app has a service. */
  static TextTable servicesTable(JsonNode answer) {
    TextTable table = new TextTable("APP", "SERVICE", "VERSION", "HEALTHY", "REPLICAS", "RESTARTS");
    boolean any = false;
    for (JsonNode app : answer.path("apps")) {
      for (JsonNode service : app.path("services")) {
        any = true;
        StringBuilder states = new StringBuilder();
        for (JsonNode replica : service.path("replicas")) {
          states.append(states.isEmpty() ? "" : " ").append(replica.path("index").asInt())
              .append(':').append(replica.path("state").asText("?"));
        }
        table.row(
            app.path("name").asText("?"),
            service.path("name").asText("?"),
            service.path("version").asText("?"),
            count(service, "healthy") + "/" + service.path("replicas").size(),
            states.toString(),
            count(service, "restarts"));
      }
    }
    return any ? table : null;
  }

  static TextTable table(JsonNode answer) {
    TextTable table =
        new TextTable(
            "APP",
            "FUNCTION",
            "VERSION",
            "INSTANCES",
            "WARM",
            "BUSY",
            "QUEUED",
            "PENDING EVENTS",
            "INVOCATIONS",
            "ERRORS",
            "COLD STARTS",
            "GB-S");
    for (JsonNode app : answer.path("apps")) {
      String name = app.path("name").asText("?");
      String version = app.path("version").asText("?");
      if (app.path("functions").isEmpty()) {
        table.row(name, "-", version, "-", "-", "-", "-", "-", "-", "-", "-", "-");
      }
      for (JsonNode fn : app.path("functions")) {
        table.row(
            name,
            fn.path("name").asText("?"),
            version,
            count(fn, "instances"),
            count(fn, "warm"),
            count(fn, "busy"),
            count(fn, "queued"),
            count(fn, "pendingEvents"),
            count(fn, "invocations"),
            count(fn, "errors"),
            count(fn, "coldStarts"),
            String.format(Locale.ROOT, "%.4f", fn.path("billedGbSeconds").asDouble()));
      }
    }
    return table;
  }

  private static String count(JsonNode function, String field) {
    JsonNode value = function.path(field);
    return value.isNumber() ? Long.toString(value.asLong()) : "-";
  }
}
