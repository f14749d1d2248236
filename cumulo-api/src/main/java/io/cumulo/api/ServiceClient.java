package io.cumulo.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Lets a service (a long-running process started by Cumulo) invoke functions through the admin
 * API. Input and output are JSON text, so a service needs no JSON library to use it. Thread-safe;
 * make one and share it.
 *
 * <pre>{@code
 * ServiceClient cumulo = ServiceClient.fromEnvironment();
 * String thumbnail = cumulo.invoke("thumbnail", "{\"key\":\"a.jpg\"}");
 * }</pre>
 */
public final class ServiceClient {
  /** How long {@link #invoke} waits for a result: the longest a function may run, 15 minutes. */
  public static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(15);

  private final URI baseUrl;
  private final String token;
  private final String app;
  private final String source;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param baseUrl the Cumulo server, e.g. {@code http://127.0.0.1:8080}
   * @param token the bearer token of its admin API
   * @param app the app that bare function names belong to
   */
  public ServiceClient(URI baseUrl, String token, String app) {
    this(baseUrl, token, app, "service");
  }

  /** @param source the name table changes are reported under: the service's name */
  public ServiceClient(URI baseUrl, String token, String app, String source) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.token = Objects.requireNonNull(token, "token");
    this.app = Objects.requireNonNull(app, "app");
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * A client configured from the variables Cumulo gives every service replica:
   * {@code CUMULO_URL}, {@code CUMULO_TOKEN}, {@code CUMULO_APP} and {@code CUMULO_SERVICE}.
   *
   * @throws IllegalStateException when one of them is missing (not started by Cumulo)
   */
  public static ServiceClient fromEnvironment() {
    return new ServiceClient(URI.create(env("CUMULO_URL")), env("CUMULO_TOKEN"), env("CUMULO_APP"),
        env("CUMULO_SERVICE"));
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set; is this process a Cumulo service?");
    }
    return value;
  }

  /**
   * Invokes a function and waits for its result.
   *
   * @param function {@code app/function}, or {@code function} of this service's app
   * @param jsonInput the input as JSON text
   * @return the function's result as JSON text
   * @throws InvocationException when the function fails, times out, is throttled or does not exist
   */
  public String invoke(String function, String jsonInput) {
    return send(function, jsonInput, false);
  }

  /**
   * Queues an asynchronous invocation, durable when this returns and delivered at least once.
   *
   * @return the new invocation's id
   * @throws InvocationException when the function does not exist or the event log is full
   */
  public String invokeAsync(String function, String jsonInput) {
    String answer = send(function, jsonInput, true);
    String id = stringField(answer, "invocationId");
    if (id == null) {
      throw new InvocationException("Unavailable", "the server's answer had no invocationId");
    }
    return id;
  }

  /**
   * Reports a change of one of this service's tables, so the app's functions with a
   * {@code table: SERVICE.TABLE} trigger receive it as a {@link TableChange} (at least once). The
   * change is durable when this returns; a service that must not lose changes writes them to an
   * outbox in its own transaction and reports them from there until this succeeds.
   *
   * @param table the table's name (bucket-name rules)
   * @param operation {@link TableChange#INSERT}, {@link TableChange#MODIFY} or {@link TableChange#REMOVE}
   * @param key the row's key
   * @param newImageJson the row after the change as a JSON object, or null for REMOVE
   * @param oldImageJson the row before, or null
   * @throws InvocationException when the server refuses or cannot be reached
   */
  public void reportChange(String table, String operation, String key, String newImageJson, String oldImageJson) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(key, "key");
    String body = "{\"source\":" + quote(source) + ",\"operation\":" + quote(operation) + ",\"key\":" + quote(key)
        + ",\"newImage\":" + (newImageJson == null ? "null" : newImageJson)
        + ",\"oldImage\":" + (oldImageJson == null ? "null" : oldImageJson) + "}";
    post("/admin/v1/apps/" + encode(app) + "/tables/" + encode(table) + "/changes", body, "report a change of " + table);
  }

  /**
   * Publishes a notification to the live subscribers of one of the app's channels (see
   * {@code Context.publish}).
   *
   * @param json the event's data, a JSON value as text
   */
  public void publish(String channel, String json) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(json, "json");
    post("/admin/v1/apps/" + encode(app) + "/channels/" + encode(channel), json, "publish to " + channel);
  }

  private String post(String path, String body, String what) {
    HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return exchange(request, what);
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private String send(String function, String jsonInput, boolean async) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(jsonInput, "jsonInput");
    String qualified = function.contains("/") ? function : app + "/" + function;
    String[] parts = qualified.split("/", 2);
    URI uri = baseUrl.resolve("/admin/v1/functions/" + encode(parts[0]) + "/" + encode(parts[1]) + "/invoke");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(INVOKE_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonInput, StandardCharsets.UTF_8));
    if (async) {
      request.header("X-Cumulo-Invocation-Type", "Event");
    }
    return exchange(request.build(), "invoke " + qualified);
  }

  private String exchange(HttpRequest request, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvocationException("Unavailable", "could not reach Cumulo at " + baseUrl + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvocationException("Unavailable", "interrupted while trying to " + what);
    }
    if (response.statusCode() / 100 != 2) {
      String code = stringField(response.body(), "code");
      String detail = stringField(response.body(), "detail");
      throw new InvocationException(code != null ? code : "Unavailable",
          detail != null ? detail : "could not " + what + ": HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The value of a top-level string field in a small JSON object; null if it is not there. */
  static String stringField(String json, String name) {
    String key = "\"" + name + "\"";
    int at = json.indexOf(key);
    if (at < 0) {
      return null;
    }
    int i = at + key.length();
    while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) {
      i++;
    }
    if (i >= json.length() || json.charAt(i) != '"') {
      return null;
    }
    StringBuilder value = new StringBuilder();
    for (i++; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\' && i + 1 < json.length()) {
        char escaped = json.charAt(++i);
        switch (escaped) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case 'r' -> value.append('\r');
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'u' -> {
            if (i + 4 >= json.length()) {
              return null;
            }
            value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> value.append(escaped);
        }
      } else {
        value.append(c);
      }
    }
    return null;
  }
}
