package io.cumulo.server.cli;

import io.cumulo.server.CumuloServer;
import io.cumulo.images.ImageLimits;
import io.cumulo.server.ServerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cumulo server}: runs a node in the foreground until Ctrl-C or SIGTERM. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Runs a Cumulo server in the foreground on the embedded stores of the data directory.")
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataDirOption dataDir;


  @Mixin ListenOptions listen;

  @Override
  public Integer call() throws InterruptedException {
    CumuloServer server = start(cli(), listen);
    printBanner(server, spec.commandLine().getOut());
    awaitShutdown(server);
    return 0;
  }

  CumuloCli cli() {
    return (CumuloCli) spec.root().userObject();
  }

  static CumuloServer start(CumuloCli cli, ListenOptions listen) {
    for (int port : new int[] {listen.port, listen.s3Port}) {
      if (port < 0 || port > 65_535) {
        throw new CliException("ports must be 0..65535, not " + port);
      }
    }
    ServerConfig defaults = ServerConfig.of(cli.dataDir(), listen.port, listen.s3Port);
    ImageLimits imageLimits = new ImageLimits(
        longSetting(cli, "CUMULO_IMAGE_MAX_PIXELS", ImageLimits.DEFAULT_MAX_PIXELS),
        longSetting(cli, "CUMULO_IMAGE_MAX_BYTES", ImageLimits.DEFAULT_MAX_INPUT_BYTES));
    String engine = cli.env().getOrDefault("CUMULO_IMAGE_ENGINE", "auto");
    return CumuloServer.start(new ServerConfig(defaults.dataDir(), listen.host, listen.port,
        listen.s3Port, defaults.retryBaseDelay(), defaults.retryMaxDelay(), defaults.eventStreams(),
        imageLimits, engine));
  }

  private static long longSetting(CumuloCli cli, String name, long fallback) {
    String value = cli.env().get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new CliException(name + " must be a whole number, not '" + value + "'");
    }
  }

  static void printBanner(CumuloServer server, PrintWriter out) {
    out.println("Cumulo is running.");
    out.println("  admin API and metrics  " + server.uri() + "/admin/v1  " + server.uri() + "/metrics");
    out.println("  data directory         " + server.dataDir());
    out.println("  admin token            " + server.adminTokenFile() + " (the CLI reads it from there)");
    out.println("  S3 API                 " + server.s3Uri() + "  (region us-east-1, path-style or <bucket>.localhost)");
    out.println("  S3 root credentials    " + server.rootKey().accessKeyId() + " / " + server.rootKey().secretKey()
        + "  (kept in " + server.dataDir().resolve("credentials.json") + ")");
    out.println("  e.g.  AWS_ACCESS_KEY_ID=" + server.rootKey().accessKeyId() + " AWS_SECRET_ACCESS_KEY="
        + server.rootKey().secretKey() + " aws --endpoint-url " + server.s3Uri() + " s3 ls");
    out.flush();
  }

  /** Blocks until the JVM is asked to stop, then closes the server cleanly. */
  static void awaitShutdown(CumuloServer server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "cumulo-shutdown"));
    stopped.await();
  }
}
