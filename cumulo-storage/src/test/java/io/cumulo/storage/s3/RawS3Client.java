package io.cumulo.storage.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends S3 requests byte for byte as a test writes them, over a plain socket: any method, target,
 * header and body, including ones no HTTP client library would send (a wrong Content-Length, a
 * broken aws-chunked body). Optionally signs them with SigV4 in the Authorization header, over
 * exactly the headers given, so a hostile body or header still reaches the parsers behind
 * authentication.
 */
final class RawS3Client {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();
  /** Headers the signature never covers: transport framing, and the signature itself. */
  private static final List<String> UNSIGNED = List.of("authorization", "content-length", "transfer-encoding", "connection");

  /** A response: its status, headers by lower-cased name and body as text. */
  record Reply(int status, Map<String, String> headers, String body) {}

  private final URI base;
  private final String keyId;
  private final String secret;

  RawS3Client(URI base, String keyId, String secret) {
    this.base = base;
    this.keyId = keyId;
    this.secret = secret;
  }

  /**
   * Signs the request (adding {@code x-amz-date}, a hex {@code x-amz-content-sha256} unless one is
   * given, and Authorization) and sends it.
   */
  Reply signed(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
    return signedAt(Instant.now(), method, target, headers, body);
  }

  Reply signedAt(Instant time, String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("x-amz-date", AMZ_DATE.format(time));
    all.putIfAbsent("x-amz-content-sha256", HEX.formatHex(sha256(body)));
    all.put("Authorization", authorization(method, target, all, all.get("x-amz-date").substring(0, 8)));
    return send(method, target, all, body);
  }

  /**
   * Sends the request as given, adding only Host, {@code Connection: close} and, unless the headers
   * set Content-Length or Transfer-Encoding, the body's length.
   */
  Reply send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host()).append("\r\n");
    boolean framed = false;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      framed |= h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding");
    }
    if (!framed) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      socket.shutdownOutput();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  /** A time in {@code x-amz-date} form, e.g. {@code 20250101T000000Z}. */
  static String amzDate(Instant time) {
    return AMZ_DATE.format(time);
  }

  private String host() {
    return base.getHost() + ":" + base.getPort();
  }

  private String authorization(String method, String target, Map<String, String> headers, String date) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    canonicalHeaders.put("host", host());
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!UNSIGNED.contains(lower)) {
        canonicalHeaders.merge(lower, value.strip(), (a, b) -> a + "," + b);
      }
    });
    StringBuilder canonical = new StringBuilder(method).append('\n').append(path).append('\n')
        .append(canonicalQuery(query)).append('\n');
    canonicalHeaders.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    canonical.append('\n').append(signedHeaders).append('\n').append(headers.get("x-amz-content-sha256"));
    String scope = date + "/us-east-1/s3/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + headers.get("x-amz-date") + "\n" + scope + "\n"
        + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    for (String part : List.of("us-east-1", "s3", "aws4_request")) {
      key = hmac(key, part);
    }
    return "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + HEX.formatHex(hmac(key, stringToSign));
  }

  /** Sorted, each name and value percent-decoded and re-encoded as SigV4 wants; undecodable parts kept as sent. */
  private static String canonicalQuery(String query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : query.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {encode(name), encode(value)});
    }
    pairs.sort(java.util.Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
  }

  /** Decodes valid escapes and keeps malformed ones as written, as the server does, then encodes for SigV4. */
  private static String encode(String raw) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
          && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    String decoded = bytes.toString(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return out.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Reply parse(byte[] response) throws IOException {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException("not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = new String(response, end + 4, response.length - end - 4, StandardCharsets.UTF_8);
    return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
  }
}
