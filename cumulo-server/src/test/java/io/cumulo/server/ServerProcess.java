package io.cumulo.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Cumulo server in a child JVM, so tests can kill it with SIGKILL or starve its heap. */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final URI uri;
  private final String token;

  private ServerProcess(Process process, URI uri, String token) {
    this.process = process;
    this.uri = uri;
    this.token = token;
  }

  public static ServerProcess start(Path dataDir, String... jvmOptions) throws IOException {
    Files.createDirectories(dataDir);
    Path serverFile = dataDir.resolve(CumuloServer.SERVER_FILE);
    Files.deleteIfExists(serverFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.cumulo.server.cli.CumuloCli", "server", "--data", dataDir.toString(), "--port", "0", "--s3-port", "0"));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server.out").toFile())
        .start();
    RunningServer.await(Duration.ofSeconds(60), "the server process to start",
        () -> Files.exists(serverFile) || !process.isAlive());
    if (!process.isAlive()) {
      throw new IllegalStateException("the server process exited with " + process.exitValue());
    }
    JsonNode info = RunningServer.JSON.readTree(serverFile.toFile());
    String token = Files.readString(dataDir.resolve(CumuloServer.TOKEN_FILE)).trim();
    return new ServerProcess(process, URI.create(info.get("url").asText()), token);
  }

  public URI uri() {
    return uri;
  }

  public String token() {
    return token;
  }

  /** SIGKILL: no shutdown hooks, no flushing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }
}
