package io.cumulo.server.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cumulo invocation ID}: prints the record of one invocation. */
@Command(
    name = "invocation",
    description = "Prints the record of an invocation: its function, status, timing and result.")
final class InvocationCommand extends AdminCommand {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Mixin DataDirOption dataDir;

  @Parameters(paramLabel = "ID", description = "The invocation id, as printed by invoke --async.")
  String id;

  @Override
  int run() {
    if (!ID.matcher(id).matches()) {
      throw usageError(
          "'" + id + "' is not an invocation id (letters, digits, '.', '_', ':' and '-')");
    }
    try (AdminClient admin = cli().adminClient()) {
      printJson(admin.invocation(id));
    }
    return 0;
  }
}
