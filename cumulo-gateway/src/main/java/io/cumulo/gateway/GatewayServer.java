package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.storage.ObjectStore;
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
 * The HTTP front on {@code --port}: the apps' routes ({@code /apps/<app>/...}) to functions,
 * services, event streams and buckets, the admin API ({@code /admin/v1}, bearer token),
 * Prometheus metrics ({@code /metrics}) and a health check ({@code /healthz}). Requests run on virtual threads. Every request gets an id
 * (a valid {@code X-Request-Id} from the client, else a new one), returned in {@code X-Request-Id},
 * and one line in the {@code cumulo.access} log. Errors are mapped here, once: a
 * {@link CumuloException} becomes problem+json with its status and code; anything else a plain 500
 * whose details stay in the server log.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  private static final Logger access = LoggerFactory.getLogger("cumulo.access");
  private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");
  /** Request headers larger than this are refused with 431. */
  static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final AdminApi admin;
  private final ServiceProxy services;
  private final EventStreams eventStreams;
  private final FunctionRoutes routes;
  private final Platform platform;
  private final byte[] adminToken;

  /**
   * @param routes the apps' routes, kept current by the deployer (register it as a listener)
   * @param objects the store that {@code bucket:} routes serve from
   * @param eventStreams how {@code events:} routes stream (see {@link EventStreamConfig#defaults()})
   * @param host the address to listen on (default 127.0.0.1)
   * @param port the port; 0 picks a free one
   * @param adminToken the bearer token the admin API requires
   */
  public GatewayServer(Platform platform, RouteTable routes, ObjectStore objects, EventStreamConfig eventStreams,
      String host, int port, String adminToken) {
    this.platform = platform;
    ApiKeys keys = new ApiKeys(platform.state(), java.time.InstantSource.system());
    this.admin = new AdminApi(platform, keys);
    this.services = new ServiceProxy(platform.services());
    this.eventStreams = new EventStreams(platform.channels(), eventStreams);
    // A stream was admitted under its app's old routes (auth, channel); its client reconnects
    // with Last-Event-ID under the new ones and misses nothing.
    routes.onChanged(this.eventStreams::endApp);
    this.routes = new FunctionRoutes(platform, routes, keys, java.time.InstantSource.system(), services,
        this.eventStreams, new BucketObjects(objects));
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
    long start = System.nanoTime();
    String given = x.header("X-Request-Id");
    String requestId = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    x.response.getHeaders().put("X-Request-Id", requestId);
    try {
      String path = x.path();
      String hostApp = routes.appForHost(Request.getServerName(x.request));
      if (hostApp != null && !path.startsWith("/admin/v1/") && !path.equals("/metrics")
          && !path.equals("/healthz")) {
        routes.handle(x, requestId, hostApp, path);
      } else if (path.startsWith(FunctionRoutes.PREFIX)) {
        routes.handle(x, requestId);
      } else if (path.equals("/healthz")) {
        x.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
      } else if (path.equals("/metrics")) {
        x.send(200, "text/plain; version=0.0.4; charset=utf-8",
            platform.metering().scrape().getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith("/admin/v1/")) {
        authorize(x);
        admin.handle(x);
      } else {
        throw CumuloException.notFound("NotFound", "nothing is served at " + path);
      }
    } catch (CumuloException e) {
      if (e instanceof RouteTable.MethodNotAllowed m) {
        x.response.getHeaders().put(HttpHeader.ALLOW, m.allowed());
      } else if (e instanceof RateLimiter.TooManyRequests t) {
        x.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(t.retryAfterSeconds()));
      }
      x.sendProblem(e.httpStatus(), e.code(), e.getMessage());
    } catch (Exception | Error e) {
      String errorId = UUID.randomUUID().toString();
      log.error("request {} {} failed (error id {}, request id {})", x.method(), x.path(), errorId, requestId, e);
      x.sendProblem(500, "InternalError", "the server failed to handle the request; error id " + errorId);
    } finally {
      access.info("{} {} {} {} {}ms {}", x.method(), x.path(), x.response.getStatus(), x.bytesSent,
          (System.nanoTime() - start) / 1_000_000, requestId);
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
    eventStreams.close();
    server.stop();
    services.close();
  }
}
