package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cumulo deploy DIR}: sends an app folder's manifest and code to the server. */
@Command(
    name = "deploy",
    description = {
      "Deploys the app in DIR: its cumulo.yaml and the jar or classes each function names.",
      "The server checks the manifest and reports every problem it finds."
    })
final class DeployCommand extends AdminCommand {
  @Mixin DataDirOption dataDir;

  @Parameters(paramLabel = "DIR", description = "The app folder, holding cumulo.yaml.")
  Path dir;

  @Override
  int run() {
    AppArchive archive = AppArchive.of(dir);
    JsonNode deployed;
    try (AdminClient admin = cli().adminClient()) {
      deployed = admin.deploy(archive.zip());
    }
    List<String> functions = new ArrayList<>();
    deployed.path("functions").forEach(function -> functions.add(function.asText()));
    out()
        .println(
            "deployed "
                + deployed.path("name").asText("?")
                + " v"
                + deployed.path("version").asText("?")
                + ": "
                + (functions.isEmpty() ? "no functions" : String.join(", ", functions)));
    out().flush();
    return 0;
  }
}
