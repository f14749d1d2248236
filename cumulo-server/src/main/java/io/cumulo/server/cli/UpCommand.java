package io.cumulo.server.cli;

import io.cumulo.core.CumuloException;
import io.cumulo.core.deploy.AppDeployer.Deployment;
import io.cumulo.server.CumuloServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.ManifestParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cumulo up}: the one command a newcomer runs. Starts a server like {@code cumulo server},
 * deploys every example app that has a {@code cumulo.yaml}, and prints where everything is.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Starts a server on the embedded default and deploys the example apps.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataDirOption dataDir;


  @Mixin ListenOptions listen;

  @Option(names = "--examples", paramLabel = "DIR",
      description = "Where the example apps are. Default: $CUMULO_HOME/examples, else ./examples.")
  Path examples;

  @Override
  public Integer call() throws InterruptedException {
    CumuloCli cli = (CumuloCli) spec.root().userObject();
    PrintWriter out = spec.commandLine().getOut();
    CumuloServer server = ServerCommand.start(cli, listen);
    try {
      ServerCommand.printBanner(server, out);
      List<String> pages = new ArrayList<>();
      for (Path app : exampleApps(cli)) {
        try {
          Deployment deployed = server.platform().deployer().deploy(AppArchive.of(app).zip());
          out.println("  deployed " + deployed.name() + " v" + deployed.version() + ": "
              + String.join(", ", deployed.functions()) + "   (from " + app + ")");
          AppManifest manifest = new ManifestParser().parse(app.resolve("cumulo.yaml"));
          if (manifest.web() != null) {
            pages.add(String.format("  %-22s %s/apps/%s/", manifest.name(), server.uri(), manifest.name()));
          }
        } catch (CumuloException | CliException e) {
          out.println("  could not deploy " + app + ": " + e.getMessage());
        }
      }
      if (!pages.isEmpty()) {
        out.println();
        out.println("Open in a browser:");
        pages.forEach(out::println);
      }
      out.println();
      out.println("Try, in another terminal:  ./cumulo ls");
      out.println("                           ./cumulo invoke hello/echo --data '{\"msg\":\"hi\"}'");
      out.println("                           ./cumulo logs hello/echo -f");
      out.println("Stop with Ctrl-C.");
      out.flush();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    ServerCommand.awaitShutdown(server);
    return 0;
  }

  private List<Path> exampleApps(CumuloCli cli) {
    Path dir = examples;
    if (dir == null) {
      String home = cli.env().get("CUMULO_HOME");
      dir = home == null ? Path.of("examples") : Path.of(home, "examples");
    }
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> apps = Files.list(dir)) {
      return apps.filter(p -> Files.isRegularFile(p.resolve("cumulo.yaml"))).sorted().toList();
    } catch (IOException e) {
      throw new CliException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
