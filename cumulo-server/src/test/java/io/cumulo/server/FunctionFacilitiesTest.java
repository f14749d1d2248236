package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What handlers reach through their context besides objects and functions: services and presigned URLs. */
@Timeout(60)
class FunctionFacilitiesTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String APP = "name: kit\nbuckets:\n  - name: kit-files\n"
      + "    cors: {origins: ['http://gallery.localhost:8080'], methods: [PUT], headers: ['*']}\nfunctions:\n"
      + TestApps.function("call", "CallService")
      + TestApps.function("presign", "Presign")
      + TestApps.function("search", "SearchOps")
      + "services:\n  helper:\n    main: " + TestApps.PKG + "WhoAmIService\n    jar: functions.jar\n"
      + "    replicas: 2\n    stopTimeout: 2s\n";

  @Test
  void callsTheAppsService_directly() {
    server.deploy(APP);
    server.awaitHealthy("kit", 2);
    HttpResponse<String> response = server.invoke("kit/call", "{\"service\":\"helper\",\"path\":\"/whoami\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = RunningServer.json(response);
    assertThat(answer.path("status").asInt()).isEqualTo(200);
    assertThat(RunningServer.json(answer.path("body").asText()).path("replica").asText()).isIn("0", "1");
  }

  @Test
  void reportsAMissingService_asServiceUnavailable() {
    server.deploy(APP);
    HttpResponse<String> response = server.invoke("kit/call", "{\"service\":\"nope\",\"path\":\"/whoami\"}");
    assertThat(response.statusCode()).isNotEqualTo(200);
    assertThat(response.body()).contains("InvocationException: app kit has no service 'nope'");
  }

  @Test
  void givesServicesAPersistentDataFolder() throws Exception {
    server.deploy(APP);
    server.awaitHealthy("kit", 2);
    HttpResponse<String> response = server.invoke("kit/call", "{\"service\":\"helper\",\"path\":\"/datadir\"}");
    Path dir = Path.of(RunningServer.json(response).path("body").asText());
    assertThat(dir).isDirectory().startsWith(server.dataDir());
    assertThat(dir.getFileName().toString()).isEqualTo("helper");
  }

  @Test
  void presignsUploadsAndDownloads_withTheAppsKey() throws Exception {
    server.deploy(APP);
    String putUrl = RunningServer.json(server.invoke("kit/presign",
        "{\"method\":\"PUT\",\"bucket\":\"kit-files\",\"key\":\"notes/a b.txt\"}")).path("url").asText();
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(putUrl))
        .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    String getUrl = RunningServer.json(server.invoke("kit/presign",
        "{\"method\":\"GET\",\"bucket\":\"kit-files\",\"key\":\"notes/a b.txt\"}")).path("url").asText();
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(getUrl)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.body()).isEqualTo("hello");
    HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(getUrl.replace("a%20b", "c")))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tampered.statusCode()).isEqualTo(403);
  }

  @Test
  void setsTheManifestsCorsPolicyOnTheBucket_soBrowsersMayUpload() throws Exception {
    server.deploy(APP);
    HttpRequest.Builder preflight = HttpRequest.newBuilder(server.server().s3Uri().resolve("/kit-files/a.jpg"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type");
    HttpResponse<String> allowed = http.send(preflight.copy().header("Origin", "http://gallery.localhost:8080")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://gallery.localhost:8080");
    HttpResponse<String> other = http.send(preflight.copy().header("Origin", "http://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(403);
  }

  @Test
  void searchesTheAppsIndex_andKeepsItAcrossRestarts() throws Exception {
    server.deploy(APP);
    server.invoke("kit/search", "{\"op\":\"index\",\"id\":\"p1\",\"fields\":{\"name\":\"sunset.jpg\",\"tags\":\"beach holiday\"}}");
    server.invoke("kit/search", "{\"op\":\"index\",\"id\":\"p2\",\"fields\":{\"name\":\"cat.png\",\"tags\":\"pets\"}}");
    server.restart();
    assertThat(RunningServer.json(server.invoke("kit/search", "{\"op\":\"search\",\"q\":\"sun\"}"))
        .path("result").toString()).isEqualTo("[\"p1\"]");
    assertThat(RunningServer.json(server.invoke("kit/search", "{\"op\":\"search\",\"q\":\"pets\"}"))
        .path("result").toString()).isEqualTo("[\"p2\"]");
    server.invoke("kit/search", "{\"op\":\"delete\",\"id\":\"p2\"}");
    assertThat(RunningServer.json(server.invoke("kit/search", "{\"op\":\"search\",\"q\":\"pets\"}"))
        .path("result").toString()).isEqualTo("[]");
  }

  @Test
  void showsTheImageEngineInUse_inMetrics() {
    HttpResponse<String> metrics = server.get("/metrics");
    assertThat(metrics.body()).containsPattern("cumulo_image_engine\\{engine=\"(java|libvips [0-9.]+)\"} 1");
  }

  @Test
  void refusesToPresignOtherAppsBuckets() {
    server.deploy(APP);
    HttpResponse<String> response = server.invoke("kit/presign",
        "{\"method\":\"PUT\",\"bucket\":\"elsewhere\",\"key\":\"x\"}");
    assertThat(response.statusCode()).isNotEqualTo(200);
    assertThat(response.body()).contains("may use only its own buckets [kit-files], not 'elsewhere'");
    assertThat(Files.exists(server.dataDir().resolve("objects").resolve("elsewhere"))).isFalse();
  }
}
