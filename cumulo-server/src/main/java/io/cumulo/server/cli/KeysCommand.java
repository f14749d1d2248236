package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cumulo keys}: the API keys that an app's {@code auth: apiKey} routes accept. */
@Command(
    name = "keys",
    description = "Creates, lists and revokes an app's API keys (sent by clients as x-api-key).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command: create, ls or revoke");
  }

  /** {@code cumulo keys create APP [--name NAME]}: prints the new key, which is not shown again. */
  @Command(name = "create", description = "Creates a key and prints it; it cannot be shown again.")
  static final class Create extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "APP", description = "The app, e.g. photos.")
    String app;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "",
        description = "Who or what the key is for, e.g. \"mobile app\".")
    String name;

    @Override
    int run() {
      JsonNode created;
      try (AdminClient admin = cli().adminClient()) {
        created = admin.createKey(app, name);
      }
      out().println(created.path("key").asText());
      out().flush();
      spec.commandLine().getErr().println("created key " + created.path("id").asText() + " for " + app
          + "; store it now, it cannot be shown again");
      spec.commandLine().getErr().flush();
      return 0;
    }
  }

  /** {@code cumulo keys ls APP}. */
  @Command(name = "ls", description = "Lists an app's keys (ids and names, never the keys).")
  static final class ListKeys extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "APP", description = "The app, e.g. photos.")
    String app;

    @Override
    int run() {
      JsonNode answer;
      try (AdminClient admin = cli().adminClient()) {
        answer = admin.keys(app);
      }
      if (answer.path("keys").isEmpty()) {
        out().println("no keys for " + app);
        out().flush();
        return 0;
      }
      TextTable table = new TextTable("ID", "NAME", "CREATED AT");
      for (JsonNode key : answer.path("keys")) {
        table.row(key.path("id").asText(), key.path("name").asText(), key.path("createdAt").asText());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code cumulo keys revoke APP ID}. */
  @Command(name = "revoke", description = "Revokes a key: requests with it are refused at once.")
  static final class Revoke extends AdminCommand {
    @Mixin DataDirOption dataDir;

    @Parameters(index = "0", paramLabel = "APP", description = "The app, e.g. photos.")
    String app;

    @Parameters(index = "1", paramLabel = "ID", description = "The key's id, as keys ls shows it.")
    String id;

    @Override
    int run() {
      try (AdminClient admin = cli().adminClient()) {
        admin.revokeKey(app, id);
      }
      out().println("revoked " + id);
      out().flush();
      return 0;
    }
  }
}
