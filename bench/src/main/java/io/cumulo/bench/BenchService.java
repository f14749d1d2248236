package io.cumulo.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The service replica that {@code bench/gateway-wrk.sh} reaches through the gateway's service
 * proxy: the JDK's HTTP server on {@code 127.0.0.1:$PORT}, one virtual thread per exchange,
 * answering {@code /healthz} and {@code /hello} with a fixed 11-byte JSON body and anything else
 * with 404. Uses only the JDK, so the bench can ship it in a bundle as a one-class jar.
 */
public final class BenchService {
  private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private BenchService() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "0"));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", BenchService::answer);
    server.start();
    System.out.println("listening " + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange) throws IOException {
    // Drain the request body so the connection stays reusable for keep-alive.
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/hello") || path.equals("/healthz")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    }
  }
}
