package io.cumulo.bench;

import io.cumulo.core.services.Replica;
import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The servers that {@code bench/gateway-wrk.sh} loads with wrk, on loopback: a plain Jetty handler
 * answering a fixed 200 (the peer: what Jetty alone costs on this machine, configured like the
 * gateway), and a Cumulo server whose route {@code /apps/bench/noop} invokes the {@code Noop}
 * function (matching, event JSON, invocation, response) and whose route {@code /apps/bench/hello}
 * proxies to one replica of {@link BenchService} (matching, service proxy). Waits until the admin
 * API reports the replica healthy, then prints four URLs, the last being the replica itself (the
 * peer of the proxy), and serves until killed.
 */
public final class GatewayBenchServer {
  private GatewayBenchServer() {}

  public static void main(String[] args) throws Exception {
    Server plain = plainJetty();
    plain.start();
    int plainPort = ((ServerConnector) plain.getConnectors()[0]).getLocalPort();

    Path data = Files.createTempDirectory("cumulo-gateway-bench");
    CumuloServer cumulo = CumuloServer.start(ServerConfig.of(data, 0, 0));
    deploy(cumulo, """
        name: bench
        functions:
          noop:
            handler: io.cumulo.testing.functions.Noop
            jar: functions.jar
            maxInstances: 64
            maxQueued: 10000
        services:
          hello:
            main: io.cumulo.bench.BenchService
            jar: service.jar
        routes:
          - {path: /noop, function: noop}
          - {path: /hello, method: GET, service: hello}
        """);
    awaitHealthyService(cumulo, Duration.ofSeconds(60));
    Replica replica = cumulo.platform().services().group("bench", "hello").orElseThrow().acquire(Set.of());
    int replicaPort = replica.port();
    replica.release();
    System.out.println("plain http://127.0.0.1:" + plainPort + "/");
    System.out.println("function " + cumulo.uri() + "/apps/bench/noop");
    System.out.println("service " + cumulo.uri() + "/apps/bench/hello");
    System.out.println("direct http://127.0.0.1:" + replicaPort + "/hello");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static Server plainJetty() {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(new VirtualThreadPool());
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    return server;
  }

  private static void deploy(CumuloServer cumulo, String manifest) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("cumulo.yaml"));
      zip.write(manifest.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("functions.jar"));
      zip.write(Files.readAllBytes(BenchPlatform.FUNCTIONS_JAR));
      zip.putNextEntry(new ZipEntry("service.jar"));
      zip.write(serviceJar());
    }
    cumulo.platform().deployer().deploy(bytes.toByteArray());
  }

  /** A jar holding just {@link BenchService}, which needs nothing but the JDK. */
  private static byte[] serviceJar() throws IOException {
    String entry = BenchService.class.getName().replace('.', '/') + ".class";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream jar = new ZipOutputStream(bytes);
        InputStream in = BenchService.class.getClassLoader().getResourceAsStream(entry)) {
      jar.putNextEntry(new ZipEntry(entry));
      in.transferTo(jar);
    }
    return bytes.toByteArray();
  }

  /** Polls {@code GET /admin/v1/apps} until the bench app's service counts a healthy replica. */
  private static void awaitHealthyService(CumuloServer cumulo, Duration timeout) throws Exception {
    String token = Files.readString(cumulo.adminTokenFile()).trim();
    HttpRequest request = HttpRequest.newBuilder(cumulo.uri().resolve("/admin/v1/apps"))
        .header("Authorization", "Bearer " + token).build();
    Pattern healthy = Pattern.compile("\"healthy\"\\s*:\\s*[1-9]");
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (!healthy.matcher(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).find()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("service bench/hello not healthy within " + timeout);
        }
        Thread.sleep(100);
      }
    }
  }
}
