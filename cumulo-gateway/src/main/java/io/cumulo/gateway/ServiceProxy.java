package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.services.Replica;
import io.cumulo.core.services.ServiceGroup;
import io.cumulo.core.services.ServiceSupervisor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The reverse proxy in front of services: picks a healthy replica round robin, streams the request
 * and the response through without holding either in memory, and adds {@code X-Forwarded-For},
 * {@code -Proto} and {@code -Host}. A request whose connection fails before any response is
 * retried on another replica when its method is idempotent and none of its body was sent yet.
 * No healthy replica gives 503 with Retry-After; no response headers within the timeout, 504.
 */
final class ServiceProxy implements AutoCloseable {
  /** How many replicas one request is tried on at most. */
  static final int MAX_ATTEMPTS = 3;
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
  /** Hop-by-hop headers (RFC 9110 7.6.1) and those the client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
      "transfer-encoding", "upgrade", "host", "content-length", "expect");

  private final ServiceSupervisor services;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  ServiceProxy(ServiceSupervisor services) {
    this.services = services;
  }

  /**
   * Forwards the exchange to a replica of {@code app/service} and answers with its response.
   *
   * @param pathToForward the path the service sees, percent-encoded, starting with '/'; the
   *     request's query string is appended
   * @param timeout how long to wait for the response headers; null for the service's
   *     {@code requestTimeout} (default 30 s)
   * @throws CumuloException 404 if there is no such service, 503 if no replica is healthy, 502 if
   *     replicas failed, 504 on timeout; once the response has started, failures only end it
   */
  void forward(HttpExchange x, String app, String service, String pathToForward, Duration timeout)
      throws IOException {
    ServiceGroup group = services.group(app, service).orElseThrow(() -> CumuloException.notFound(
        "ServiceNotFound", "app " + app + " has no service " + service));
    Duration wait = timeout != null ? timeout : group.spec().requestTimeout();
    String method = x.method();
    CountingInputStream body = new CountingInputStream(Request.asInputStream(x.request));
    Set<Replica> tried = new HashSet<>();
    while (true) {
      Replica replica = group.acquire(tried);
      if (replica == null) {
        // A redeploy may have switched the service to a new group since this one was looked up.
        ServiceGroup current = services.group(app, service).orElse(group);
        replica = current == group ? null : (group = current).acquire(tried);
      }
      if (replica == null) {
        throw tried.isEmpty()
            ? new CumuloException(503, "ServiceUnavailable", "no replica of " + app + "/" + service
                + " is healthy; try again shortly")
            : new CumuloException(502, "BadGateway", "the replicas of " + app + "/" + service
                + " tried failed before answering");
      }
      tried.add(replica);
      HttpResponse<InputStream> response;
      try {
        response = client.send(request(x, replica, pathToForward, wait, body),
            HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        replica.release();
        if (!(e instanceof HttpConnectTimeoutException)) {
          throw new CumuloException(504, "GatewayTimeout", app + "/" + service
              + " did not answer within " + wait.toMillis() + " ms");
        }
        if (!retryable(method, body, tried)) {
          throw badGateway(app, service, e);
        }
        continue;
      } catch (IOException e) {
        replica.release();
        if (!retryable(method, body, tried)) {
          throw badGateway(app, service, e);
        }
        continue;
      } catch (InterruptedException e) {
        replica.release();
        Thread.currentThread().interrupt();
        throw new CumuloException(503, "ServiceUnavailable", "the server is stopping");
      }
      try {
        relay(x, response);
      } finally {
        replica.release();
      }
      return;
    }
  }

  private static boolean retryable(String method, CountingInputStream body, Set<Replica> tried) {
    return IDEMPOTENT.contains(method) && body.count == 0 && tried.size() < MAX_ATTEMPTS;
  }

  private static CumuloException badGateway(String app, String service, IOException e) {
    return new CumuloException(502, "BadGateway", app + "/" + service
        + " failed before answering: " + e.getClass().getSimpleName());
  }

  private static HttpRequest request(HttpExchange x, Replica replica, String path, Duration timeout,
      InputStream body) {
    String query = x.request.getHttpURI().getQuery();
    URI uri = URI.create("http://127.0.0.1:" + replica.port() + path + (query == null ? "" : "?" + query));
    long length = x.request.getLength();
    boolean chunked = x.request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    HttpRequest.BodyPublisher publisher;
    if (length > 0) {
      publisher = HttpRequest.BodyPublishers.fromPublisher(
          HttpRequest.BodyPublishers.ofInputStream(() -> body), length);
    } else if (chunked) {
      publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
    } else {
      publisher = HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).method(x.method(), publisher);
    Set<String> connectionTokens = connectionTokens(x.header("Connection"));
    for (HttpField field : x.request.getHeaders()) {
      String name = field.getName().toLowerCase(Locale.ROOT);
      if (!NOT_FORWARDED.contains(name) && !connectionTokens.contains(name) && !name.startsWith("x-forwarded-")) {
        builder.header(field.getName(), field.getValue());
      }
    }
    String client = Request.getRemoteAddr(x.request);
    String earlier = x.header("X-Forwarded-For");
    builder.header("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
    builder.header("X-Forwarded-Proto", x.request.getHttpURI().getScheme());
    String host = x.header("Host");
    if (host != null) {
      builder.header("X-Forwarded-Host", host);
    }
    return builder.build();
  }

  /** Copies the response's status, end-to-end headers and body to the client as they arrive. */
  private static void relay(HttpExchange x, HttpResponse<InputStream> response) {
    x.response.setStatus(response.statusCode());
    Set<String> connectionTokens = connectionTokens(response.headers().firstValue("Connection").orElse(null));
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("content-length") || (!NOT_FORWARDED.contains(name) && !connectionTokens.contains(name)
          && !name.startsWith(":"))) {
        header.getValue().forEach(v -> x.response.getHeaders().add(header.getKey(), v));
      }
    }
    try (InputStream in = response.body(); OutputStream out = Content.Sink.asOutputStream(x.response)) {
      in.transferTo(out);
    } catch (IOException e) {
      // The client or the replica went away mid-response; the status is sent, so just end it.
      x.callback.failed(e);
      return;
    }
    x.callback.succeeded();
  }

  private static Set<String> connectionTokens(String connection) {
    if (connection == null) {
      return Set.of();
    }
    Set<String> tokens = new HashSet<>();
    for (String token : connection.split(",")) {
      tokens.add(token.strip().toLowerCase(Locale.ROOT));
    }
    return tokens;
  }

  @Override
  public void close() {
    client.close();
  }

  /** Counts the request body bytes read, which tells whether a retry could resend the body. */
  private static final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
