package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests written by hand on a socket, as an attacker would, against an app's routes. */
@Timeout(60)
class RouteHostileInputTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private static final String APP = "name: web\nfunctions:\n"
      + function("echo", "HttpEcho")
      + """
      routes:
        - {path: '/files/{name}', function: echo}
        - {path: /slow, method: POST, function: echo, timeout: 500ms}
      """;

  /** Sends raw request bytes and returns the whole response text (the server closes after it). */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String headersOf(String response) {
    return response.substring(0, response.indexOf("\r\n\r\n") + 2);
  }

  private static String get(String path, String... headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"/apps/web/files/..%2f..%2fadmin%2fv1%2fapps", "/apps/web/files/%2e%2e",
      "/apps/web/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/apps/web/../../admin/v1/apps",
      "/apps/web/files/..;/x"})
  void neverServesAFunctionOrAnUnprotectedPath_whenThePathHasDotSegments(String path) throws IOException {
    server.deploy(APP);

    String response = raw(get(path));

    // Dot segments are resolved as RFC 3986 says (as clients do); what lies above the app is
    // still the admin API, which wants its token.
    String status = response.lines().findFirst().orElseThrow();
    assertThat(status).matches("HTTP/1.1 (400|401|404) .*");
    assertThat(response).doesNotContain("\"apps\"").doesNotContain("root:");
  }

  @Test
  void replacesTheRequestId_whenItIsNotSafeToEcho() throws IOException {
    server.deploy(APP);

    String injected = raw(get("/apps/web/files/a", "X-Request-Id: abc%0d%0aSet-Cookie: x=1"));
    String tooLong = raw(get("/apps/web/files/a", "X-Request-Id: " + "a".repeat(129)));
    String fine = raw(get("/apps/web/files/a", "X-Request-Id: req-1"));

    assertThat(headersOf(injected)).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("set-cookie")
        .doesNotContain("X-Request-Id: abc");
    assertThat(headersOf(tooLong)).startsWith("HTTP/1.1 200").doesNotContain("a".repeat(129));
    assertThat(headersOf(fine)).contains("X-Request-Id: req-1\r\n");
  }

  @Test
  void refusesARawLineBreakInAHeader_withoutAnsweringInjectedHeaders() throws IOException {
    server.deploy(APP);

    String response = raw("GET /apps/web/files/a HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "X-Request-Id: abc\rSet-Cookie: x=1\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("set-cookie: x=1");
  }

  @Test
  void answers431_whenTheHeadersAreHuge() throws IOException {
    server.deploy(APP);

    String response = raw(get("/apps/web/files/a", "X-Big: " + "b".repeat(20_000)));

    assertThat(response).startsWith("HTTP/1.1 431");
  }

  @Test
  void answers408WithinTheRouteTimeout_whenTheBodyArrivesTooSlowly() throws Exception {
    server.deploy(APP);
    try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /apps/web/slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 1000\r\nConnection: close\r\n\r\nfirst bytes").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(response).startsWith("HTTP/1.1 408");
    }
  }
}
