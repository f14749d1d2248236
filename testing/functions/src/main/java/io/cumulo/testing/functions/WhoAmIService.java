package io.cumulo.testing.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A service for the supervisor and proxy tests, listening on {@code PORT}: {@code /healthz},
 * {@code /whoami} (replica number and pid), {@code /crash} (the process ends), {@code /slow?ms=},
 * {@code /bytes?mib=} (that many MiB of a repeating pattern), {@code /echo} (the request back,
 * with its forwarded headers), {@code /invoke} (the body through function echo, by
 * {@code ServiceClient}), {@code /datadir} (its {@code CUMULO_DATA_DIR}), {@code /report?key=}
 * (reports an INSERT of table {@code items} by {@code ServiceClient.reportChange}). With env {@code NEVER_HEALTHY} set, {@code /healthz} answers 500.
 * For the fault tests: {@code /hang} (from then on every request, this one and health checks
 * included, is accepted and never answered) and {@code /deaf} (answers, then closes its listening
 * socket while the process stays up, so connections are refused).
 */
public final class WhoAmIService {
  private static volatile boolean hung;

  private WhoAmIService() {}

  public static void main(String[] args) throws Exception {
    String replica = System.getenv().getOrDefault("CUMULO_REPLICA", "?");
    boolean neverHealthy = System.getenv("NEVER_HEALTHY") != null;
    CountDownLatch crash = new CountDownLatch(1);
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 100);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    context(server, "/healthz", x -> send(x, neverHealthy ? 500 : 200, "ok"));
    context(server, "/whoami", x -> send(x, 200,
        "{\"replica\":\"" + replica + "\",\"pid\":" + ProcessHandle.current().pid() + "}"));
    context(server, "/crash", x -> {
      send(x, 200, "bye");
      crash.countDown();
    });
    context(server, "/slow", x -> {
      String query = x.getRequestURI().getQuery();
      long ms = Long.parseLong(query.substring(query.indexOf('=') + 1));
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(x, 200, "slept " + ms);
    });
    context(server, "/bytes", x -> {
      String query = x.getRequestURI().getQuery();
      long total = Long.parseLong(query.substring(query.indexOf('=') + 1)) << 20;
      x.sendResponseHeaders(200, total);
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) i;
      }
      try (OutputStream out = x.getResponseBody()) {
        for (long sent = 0; sent < total; sent += chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
        }
      }
    });
    context(server, "/echo", x -> {
      byte[] body = x.getRequestBody().readAllBytes();
      String answer = x.getRequestMethod() + " " + x.getRequestURI() + "\n"
          + "x-forwarded-for: " + x.getRequestHeaders().getFirst("X-Forwarded-For") + "\n"
          + "x-forwarded-host: " + x.getRequestHeaders().getFirst("X-Forwarded-Host") + "\n"
          + "x-forwarded-proto: " + x.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\n"
          + new String(body, StandardCharsets.UTF_8);
      send(x, 200, answer);
    });
    context(server, "/invoke", x -> {
      try {
        send(x, 200, io.cumulo.api.ServiceClient.fromEnvironment().invoke("echo",
            new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      } catch (io.cumulo.api.InvocationException e) {
        send(x, 502, e.errorType() + ": " + e.getMessage());
      }
    });
    context(server, "/datadir", x -> send(x, 200, System.getenv("CUMULO_DATA_DIR")));
    context(server, "/report", x -> {
      String key = x.getRequestURI().getQuery().substring("key=".length());
      try {
        io.cumulo.api.ServiceClient.fromEnvironment().reportChange("items", "INSERT", key,
            "{\"name\":\"" + key + "\"}", null);
        send(x, 200, "reported " + key);
      } catch (io.cumulo.api.InvocationException e) {
        send(x, 502, e.errorType() + ": " + e.getMessage());
      }
    });
    context(server, "/hang", x -> {
      hung = true;
      hangWhileHung();
    });
    context(server, "/deaf", x -> {
      send(x, 200, "deaf");
      Thread.ofVirtual().start(() -> server.stop(0));
    });
    server.start();
    System.out.println("whoami replica " + replica + " listening on " + System.getenv("PORT"));
    crash.await();
    // Returning from main ends the process: the server's threads are virtual, so none keeps it up.
    // (System.exit would be refused by the deploy scan, since this jar holds functions too.)
    server.stop(0);
  }

  /** A context whose requests hang, never answered, once {@code /hang} was called. */
  private static void context(HttpServer server, String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler).getFilters().add(com.sun.net.httpserver.Filter.beforeHandler(
        "hangs once /hang was called", x -> hangWhileHung()));
  }

  private static void hangWhileHung() {
    while (hung) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
