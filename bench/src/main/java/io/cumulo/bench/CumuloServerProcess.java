package io.cumulo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Cumulo server ({@code java -jar cumulo.jar server}) in a child process on loopback with a
 * fresh data directory, so the load generator's JIT, GC and threads are not in the server's JVM.
 * Its output goes to {@code server.log} in the data directory.
 */
final class CumuloServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path dataDir;
  private final URI uri;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  private CumuloServerProcess(Process process, Path dataDir, URI uri, String token) {
    this.process = process;
    this.dataDir = dataDir;
    this.uri = uri;
    this.token = token;
  }

  /**
   * Starts the server jar with the given JVM flags and waits for its banner.
   *
   * @param jar the server's executable jar ({@code cumulo-server/target/cumulo.jar})
   * @param jvmFlags flags for the server's JVM, e.g. {@code -Xmx2g}
   */
  static CumuloServerProcess start(Path jar, List<String> jvmFlags) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " is missing; build with ./mvnw -q -B -DskipTests package");
    }
    Path dataDir = Files.createTempDirectory("cumulo-photobench");
    int port = freePort();
    int s3Port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), "server", "--data", dataDir.toString(),
        "--port", String.valueOf(port), "--s3-port", String.valueOf(s3Port)));
    Path log = dataDir.resolve("server.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Path> tokenFile = new CompletableFuture<>();
    // Copies the server's output to its log, and picks the admin token's file from the banner.
    Thread.ofPlatform().daemon().name("server-output").start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          var out = Files.newBufferedWriter(log)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          out.write(line);
          out.newLine();
          out.flush();
          String trimmed = line.strip();
          if (trimmed.startsWith("admin token")) {
            tokenFile.complete(Path.of(trimmed.substring("admin token".length()).strip().split(" ")[0]));
          }
        }
        tokenFile.completeExceptionally(new IllegalStateException("the server stopped; see " + log));
      } catch (IOException e) {
        tokenFile.completeExceptionally(e);
      }
    });
    try {
      Path file = tokenFile.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new CumuloServerProcess(process, dataDir, URI.create("http://127.0.0.1:" + port),
          Files.readString(file).strip());
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not start within " + START_TIMEOUT + "; see " + log, e);
    }
  }

  URI uri() {
    return uri;
  }

  Path dataDir() {
    return dataDir;
  }

  long pid() {
    return process.pid();
  }

  /** An admin API request with the admin token. */
  HttpResponse<String> admin(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  /** A request as a client of the apps sends it, without the admin token. */
  HttpResponse<String> anonymous(String method, String path, String jsonBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).method(method,
        jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Asks the server to stop (SIGTERM: it closes its stores cleanly), kills it if it hangs, then
   * deletes its data directory but for {@code server.log}: a run stores over a gigabyte of photos.
   */
  @Override
  public void close() throws InterruptedException, IOException {
    http.close();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Path log = dataDir.resolve("server.log");
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!file.equals(log) && !file.equals(dataDir)) {
          Files.delete(file);
        }
      }
    }
  }
}
