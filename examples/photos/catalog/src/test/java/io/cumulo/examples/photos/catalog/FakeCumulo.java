package io.cumulo.examples.photos.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of Cumulo's admin API the catalog talks to: it records the table changes reported to
 * {@code /admin/v1/apps/photos/tables/photos/changes}, and can refuse the next few with a 503.
 */
final class FakeCumulo implements AutoCloseable {
  static final String CHANGES_PATH = "/admin/v1/apps/photos/tables/photos/changes";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> changes = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  FakeCumulo() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(CHANGES_PATH, exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean authorised = "Bearer test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!authorised || refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.incrementAndGet();
          exchange.sendResponseHeaders(authorised ? 503 : 401, -1);
          return;
        }
        changes.add(JSON.readTree(body));
        exchange.sendResponseHeaders(204, -1);
      }
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The changes accepted so far, in arrival order. */
  List<JsonNode> changes() {
    return List.copyOf(changes);
  }

  /** Refuses the next {@code count} reports with 503. */
  void refuseNext(int count) {
    refusals.set(count);
  }

  int refusedCount() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
