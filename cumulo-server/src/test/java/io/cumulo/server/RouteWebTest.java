package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An app's static web files, and an app served at the root of its own host. */
@Timeout(60)
class RouteWebTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String MANIFEST = "name: site\nweb: web/\nhost: site.localhost\nfunctions:\n"
      + function("echo", "HttpEcho")
      + "routes:\n  - {path: '/api/{x}', function: echo}\n";

  private static final Map<String, String> FILES = Map.of(
      "web/index.html", "<h1>home</h1>",
      "web/css/app.css", "body{}",
      "web/docs/index.html", "docs",
      "web/.secret", "hidden",
      "secret.txt", "outside the web folder");

  private void deploySite() {
    HttpResponse<String> deployed = server.send("POST", "/admin/v1/apps", TestApps.bundle(MANIFEST, FILES),
        "Content-Type", "application/zip");
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String... headers) {
    return server.anonymous("GET", path, null, headers);
  }

  @Test
  void redirectsTheAppRoot_toItsFolder_soRelativeLinksWork() {
    deploySite();
    HttpResponse<String> bare = get("/apps/site?tab=2");
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).hasValue("/apps/site/?tab=2");
  }

  @Test
  void servesFilesWithTypesAndValidators_andIndexForFolders() throws IOException {
    deploySite();

    HttpResponse<String> index = get("/apps/site/");
    HttpResponse<String> css = get("/apps/site/css/app.css");
    HttpResponse<String> docs = get("/apps/site/docs/");
    HttpResponse<String> again = get("/apps/site/css/app.css", "If-None-Match", css.headers().firstValue("ETag").orElseThrow());
    HttpResponse<String> since = get("/apps/site/css/app.css", "If-Modified-Since",
        css.headers().firstValue("Last-Modified").orElseThrow());

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).isEqualTo("<h1>home</h1>");
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(css.headers().firstValue("ETag")).isPresent();
    assertThat(docs.body()).isEqualTo("docs");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(since.statusCode()).isEqualTo(304);
    assertThat(get("/apps/site/api/1").statusCode()).isEqualTo(200);
    assertThat(get("/apps/site/nothing.html").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/apps/site/.secret", "/apps/site/%2e%2e/secret.txt", "/apps/site/..%2fsecret.txt",
      "/apps/site/css/%2e%2e/%2e%2e/secret.txt", "/apps/site/css/..%5c..%5csecret.txt"})
  void neverServesHiddenFilesOrFilesOutsideTheWebFolder(String path) throws IOException {
    deploySite();
    try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(response).matches("(?s)HTTP/1.1 (400|404) .*").doesNotContain("outside the web folder")
          .doesNotContain("hidden");
    }
  }

  @Test
  void servesTheAppAtTheRootOfItsHost() throws IOException {
    deploySite();
    try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/7 HTTP/1.1\r\nHost: site.localhost:8080\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(response).startsWith("HTTP/1.1 200").contains("\"x\":\"7\"");
    }
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesADeploy_whenAnotherAppHasTheHost() throws IOException {
    deploySite();

    HttpResponse<String> other = server.send("POST", "/admin/v1/apps", TestApps.bundle(
        "name: other\nhost: site.localhost\nfunctions:\n" + function("echo", "HttpEcho")), "Content-Type", "application/zip");

    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(RunningServer.json(other).get("code").asText()).isEqualTo("HostTaken");
    // Refused before anything took effect: the app is neither listed nor invocable.
    assertThat(RunningServer.json(server.get("/admin/v1/apps")).get("apps").toString()).doesNotContain("\"other\"");
    assertThat(server.invoke("other/echo", "{}").statusCode()).isEqualTo(404);
  }
}
