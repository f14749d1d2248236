package io.cumulo.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its response, with the body, JSON and error conventions of Cumulo's HTTP fronts. */
final class HttpExchange {
  static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();
  static final String PROBLEM_JSON = "application/problem+json";

  final Request request;
  final Response response;
  final Callback callback;
  private Fields query;
  /** Body bytes sent, for the access log. */
  long bytesSent;

  HttpExchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return Request.getPathInContext(request);
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    return query.getValue(name);
  }

  /**
   * Reads the whole body, refusing more than {@code maxBytes} with a 413 before reading it all
   * when the client declared its length.
   */
  byte[] body(long maxBytes) throws IOException {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = Request.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return bytes;
    }
  }

  /**
   * Reads the whole body like {@link #body(long)}, but fails the read at {@code deadline}, so a
   * client sending slowly cannot hold the request open past its route's timeout.
   *
   * @throws CumuloException 408 when the body has not arrived by the deadline
   */
  byte[] body(long maxBytes, java.time.Duration timeout) throws IOException {
    var expired = new java.util.concurrent.atomic.AtomicBoolean();
    var timer = request.getComponents().getScheduler().schedule(() -> {
      expired.set(true);
      request.fail(new java.util.concurrent.TimeoutException("request body timed out"));
    }, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      return body(maxBytes);
    } catch (IOException e) {
      if (expired.get()) {
        throw new CumuloException(408, "RequestTimeout", "the request body did not arrive within "
            + timeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      timer.cancel();
    }
  }

  private static CumuloException tooLarge(long maxBytes) {
    return new CumuloException(413, "PayloadTooLarge",
        "the request body is larger than the limit of " + maxBytes + " bytes");
  }

  void sendJson(int status, Object body) throws IOException {
    send(status, "application/json", JSON.writeValueAsBytes(body));
  }

  void send(int status, String contentType, byte[] body) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    bytesSent = body.length;
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  void sendEmpty(int status) {
    response.setStatus(status);
    response.write(true, null, callback);
  }

  /** Answers an error as {@code application/problem+json} (RFC 9457) with Cumulo's {@code code}. */
  void sendProblem(int status, String code, String detail) {
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", titleOf(status));
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("code", code);
    if ((status == 429 || status == 503) && !response.getHeaders().contains(HttpHeader.RETRY_AFTER)) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    }
    try {
      send(status, PROBLEM_JSON, JSON.writeValueAsBytes(problem));
    } catch (IOException e) {
      send(status, "text/plain", detail.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  /** A stream for long responses (log following); the caller completes the callback when done. */
  java.io.OutputStream stream(int status, String contentType) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    return Content.Sink.asOutputStream(response);
  }
}
