package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front on {@code --port}: the admin API ({@code /admin/v1}, bearer token), Prometheus
 * metrics ({@code /metrics}), a health check ({@code /healthz}) and services
 * ({@code /apps/<app>/services/<service>/**}, see {@link ServiceProxy}). Requests run on virtual
 * threads. Errors are mapped here, once: a {@link CumuloException} becomes problem+json with its
 * status and code; anything else a plain 500 whose details stay in the server log.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  /** Request headers larger than this are refused with 431. */
  static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final AdminApi admin;
  private final ServiceProxy services;
  private final Platform platform;
  private final byte[] adminToken;

  /**
   * @param host the address to listen on (default 127.0.0.1)
   * @param port the port; 0 picks a free one
   * @param adminToken the bearer token the admin API requires
   */
  public GatewayServer(Platform platform, String host, int port, String adminToken) {
    this.platform = platform;
    this.admin = new AdminApi(platform);
    this.services = new ServiceProxy(platform.services());
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("cumulo-http");
    threads.setVirtualThreadsExecutor(new VirtualThreadPool());
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(30_000);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        dispatch(new HttpExchange(request, response, callback));
        return true;
      }
    });
  }

  public void start() throws Exception {
    server.start();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
  }

  private void dispatch(HttpExchange x) {
    try {
      String path = x.path();
      if (path.equals("/healthz")) {
        x.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
      } else if (path.equals("/metrics")) {
        x.send(200, "text/plain; version=0.0.4; charset=utf-8",
            platform.metering().scrape().getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith("/admin/v1/")) {
        authorize(x);
        admin.handle(x);
      } else if (path.startsWith(ServiceProxy.DIRECT_PREFIX)) {
        services.serveDirect(x);
      } else {
        throw CumuloException.notFound("NotFound", "nothing is served at " + path);
      }
    } catch (CumuloException e) {
      x.sendProblem(e.httpStatus(), e.code(), e.getMessage());
    } catch (Exception | Error e) {
      String errorId = UUID.randomUUID().toString();
      log.error("request {} {} failed (error id {})", x.method(), x.path(), errorId, e);
      x.sendProblem(500, "InternalError", "the server failed to handle the request; error id " + errorId);
    }
  }

  private void authorize(HttpExchange x) {
    String header = x.header(HttpHeader.AUTHORIZATION.asString());
    if (header == null || !header.startsWith("Bearer ")) {
      throw new CumuloException(401, "Unauthorized", "the admin API needs an Authorization: Bearer <token> header");
    }
    byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    // Constant-time, so the token cannot be guessed byte by byte from response times.
    if (!MessageDigest.isEqual(given, adminToken)) {
      throw new CumuloException(401, "Unauthorized", "the admin token is wrong");
    }
  }

  @Override
  public void close() throws Exception {
    admin.close();
    server.stop();
    services.close();
  }
}
