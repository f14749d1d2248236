package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.Authenticated;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One S3 request and its response: the parts of the request the operations need (decoded query
 * parameters, headers, the addressed bucket and key) and the ways to answer (XML, empty, a stream).
 * Every answer carries {@code x-amz-request-id} and {@code x-amz-id-2}.
 */
final class S3Exchange {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final String requestId;
  /** Parsed on first use, inside the server's error mapping: a badly encoded query is the client's error. */
  private Map<String, String> query;
  private String bucket;
  private String key;
  private boolean committed;
  private Authenticated authenticated;

  S3Exchange(Request request, Response response, Callback callback, String requestId) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.requestId = requestId;
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", requestId);
    response.getHeaders().put("Server", "Cumulo");
  }

  String requestId() {
    return requestId;
  }

  String method() {
    return request.getMethod();
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  /** The path exactly as the client sent it, percent-encoded. */
  String rawPath() {
    String path = request.getHttpURI().getPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  void address(String bucket, String key) {
    this.bucket = bucket;
    this.key = key;
  }

  /** The addressed bucket, or null for the service (ListBuckets). */
  String bucket() {
    return bucket;
  }

  /** The addressed key, or null for a bucket request. */
  String key() {
    return key;
  }

  /** The resource named in error documents, e.g. {@code /bucket/key}. */
  String resource() {
    if (bucket == null) {
      return "/";
    }
    return key == null ? "/" + bucket : "/" + bucket + "/" + key;
  }

  boolean hasParam(String name) {
    return params().containsKey(name);
  }

  /** A decoded query parameter, or null when absent. */
  String param(String name) {
    return params().get(name);
  }

  /**
   * The decoded query parameters, the first value of each.
   *
   * @throws io.cumulo.core.storage.StorageException {@code InvalidArgument} when the query is not validly percent-encoded
   */
  Map<String, String> params() {
    if (query == null) {
      query = parseQuery(request.getHttpURI().getQuery());
    }
    return query;
  }

  /** A request header's first value, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** Every request header by lower-cased name, values in order (what signature checks need). */
  Map<String, List<String>> headersLowerCased() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getLowerCaseName(), n -> new ArrayList<>()).add(field.getValue());
    }
    return headers;
  }

  /** Request headers whose lower-cased names start with the prefix, by the name's remainder. */
  Map<String, String> headersWithPrefix(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      String name = field.getLowerCaseName();
      if (name.startsWith(prefix)) {
        found.merge(name.substring(prefix.length()), field.getValue(), (a, b) -> a + "," + b);
      }
    }
    return found;
  }

  void authenticated(Authenticated verified) {
    this.authenticated = verified;
  }

  /** The key the request was signed with. */
  AccessKey accessKey() {
    return authenticated.key();
  }

  /**
   * The request body, aws-chunked decoding and signature or checksum checks applied as it is read;
   * with a declared length, those checks run by the time its last byte is read (see {@link
   * DeclaredLengthBody}).
   */
  InputStream body() throws IOException {
    InputStream body = authenticated.body(rawBody());
    long length = payloadLength();
    return length < 0 ? body : DeclaredLengthBody.of(body, length);
  }

  /**
   * The length of the payload: {@code x-amz-decoded-content-length} for aws-chunked bodies (the
   * verifier holds the stream to it), else Content-Length; -1 when neither is given.
   */
  long payloadLength() {
    return authenticated.chunked() ? authenticated.decodedContentLength() : contentLength();
  }

  /**
   * The algorithms ({@code CRC32}, ...) of checksums the client sends as aws-chunked trailers
   * ({@code x-amz-trailer}); the SigV4 stream verifies their values after the last byte.
   */
  Set<String> trailerChecksumAlgorithms() {
    String trailer = header("x-amz-trailer");
    if (trailer == null || !authenticated.chunked()) {
      return java.util.Set.of();
    }
    Set<String> algorithms = new TreeSet<>();
    for (String name : trailer.split(",")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.startsWith("x-amz-checksum-")) {
        algorithms.add(n.substring("x-amz-checksum-".length()).toUpperCase(Locale.ROOT));
      }
    }
    return algorithms;
  }

  /**
   * Reads a small request document (XML) whole.
   *
   * @param maxBytes larger bodies are refused with {@code MaxMessageLengthExceeded}
   */
  byte[] readSmallBody(int maxBytes) {
    long declared = payloadLength();
    if (declared > maxBytes) {
      throw S3Errors.maxMessageLength(maxBytes);
    }
    try (InputStream in = body()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw S3Errors.maxMessageLength(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new StorageException(400, "IncompleteBody", "the request body could not be read: " + e.getMessage());
    }
  }

  /**
   * Reads and drops what is left of the request body, up to {@code maxBytes}, before an error
   * answer: a client still sending its body when the response and connection close would see a
   * broken pipe instead of the error. Larger leftovers are not worth reading; the connection closes.
   */
  void discardBody(long maxBytes) {
    String length = header("Content-Length");
    if ((length == null || length.equals("0")) && header("Transfer-Encoding") == null) {
      return;
    }
    try (InputStream in = rawBody()) {
      byte[] buffer = new byte[8192];
      long left = maxBytes;
      for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      // The body is unreadable; the error answer goes out regardless.
    }
  }

  /** The raw request body as Jetty delivers it (before any aws-chunked decoding). */
  InputStream rawBody() {
    return Request.asInputStream(request);
  }

  /**
   * The declared Content-Length, or -1 when absent.
   *
   * @throws StorageException {@code InvalidArgument} when it is not a non-negative number
   */
  long contentLength() {
    String value = header("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("Content-Length must be a non-negative integer, was " + value);
    }
  }

  void setHeader(String name, String value) {
    if (value != null) {
      response.getHeaders().put(name, value);
    }
  }

  static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  boolean committed() {
    return committed;
  }

  void sendXml(int status, byte[] xml) {
    setHeader("Content-Type", "application/xml");
    sendBytes(status, xml);
  }

  void sendEmpty(int status) {
    sendBytes(status, new byte[0]);
  }

  void sendBytes(int status, byte[] body) {
    committed = true;
    response.setStatus(status);
    response.getHeaders().put("Content-Length", body.length);
    if (isHead() || body.length == 0 || status == 204 || status == 304) {
      response.write(true, null, callback);
    } else {
      response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }
  }

  /** Sends {@code length} bytes of the stream; an error after the status went out aborts the connection. */
  void sendStream(int status, long length, InputStream data) throws IOException {
    committed = true;
    response.setStatus(status);
    response.getHeaders().put("Content-Length", length);
    if (isHead()) {
      response.write(true, null, callback);
      return;
    }
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      long copied = data.transferTo(out);
      if (copied != length) {
        throw new IOException("object yielded " + copied + " bytes, expected " + length);
      }
    }
    callback.succeeded();
  }

  void fail(Throwable failure) {
    callback.failed(failure);
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidArgument("the query string is not validly percent-encoded");
    }
  }
}
