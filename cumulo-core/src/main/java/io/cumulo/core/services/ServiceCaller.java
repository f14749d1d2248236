package io.cumulo.core.services;

import io.cumulo.api.HttpResponse;
import io.cumulo.api.InvocationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link ServiceCalls} straight to a healthy replica on loopback, round robin, without the
 * gateway's routes and policies (the caller is the app's own function). Connection failures move
 * on to the next replica; an answered request is never sent twice.
 */
public final class ServiceCaller implements ServiceCalls {
  /** The most a call waits, whatever the caller's deadline. */
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final ServiceSupervisor supervisor;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT).build();

  public ServiceCaller(ServiceSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public HttpResponse call(String app, String service, String method, String pathAndQuery, String contentType,
      byte[] body, Duration timeout) {
    if (method == null || !method.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("method must be an upper-case HTTP method, e.g. GET, not '" + method + "'");
    }
    if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("the path must start with '/', not '" + pathAndQuery + "'");
    }
    ServiceGroup group = supervisor.group(app, service).orElseThrow(() -> new InvocationException(
        "ServiceUnavailable", "app " + app + " has no service '" + service + "'"));
    Duration limit = timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
    Set<Replica> tried = new HashSet<>();
    IOException lastFailure = null;
    for (Replica replica = group.acquire(tried); replica != null; replica = group.acquire(tried)) {
      tried.add(replica);
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + pathAndQuery))
            .timeout(limit.isZero() ? Duration.ofMillis(1) : limit)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
          request.header("Content-Type", contentType);
        }
        return response(http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
      } catch (java.net.http.HttpTimeoutException e) {
        throw new InvocationException("ServiceUnavailable", service + " did not answer " + method + " "
            + pathAndQuery + " within " + limit.toMillis() + " ms");
      } catch (IOException e) {
        lastFailure = e; // not answered: another replica may take it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InvocationException("ServiceUnavailable", "interrupted while calling " + service);
      } finally {
        replica.release();
      }
    }
    throw new InvocationException("ServiceUnavailable", "service " + app + "/" + service
        + " has no healthy replica" + (lastFailure == null ? "" : " that answered (" + lastFailure + ")"));
  }

  private static HttpResponse response(java.net.http.HttpResponse<byte[]> answer) {
    Map<String, String> headers = new LinkedHashMap<>();
    answer.headers().map().forEach((name, values) -> {
      if (!values.isEmpty() && !name.startsWith(":")) {
        headers.put(name.toLowerCase(Locale.ROOT), values.getLast());
      }
    });
    String type = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
    byte[] bytes = answer.body();
    boolean text = type.startsWith("text/") || type.contains("json") || type.contains("xml")
        || type.contains("javascript") || type.contains("x-www-form-urlencoded");
    if (bytes.length == 0) {
      return new HttpResponse(answer.statusCode(), headers, null, false);
    }
    return text
        ? new HttpResponse(answer.statusCode(), headers, new String(bytes, StandardCharsets.UTF_8), false)
        : new HttpResponse(answer.statusCode(), headers, Base64.getEncoder().encodeToString(bytes), true);
  }
}
