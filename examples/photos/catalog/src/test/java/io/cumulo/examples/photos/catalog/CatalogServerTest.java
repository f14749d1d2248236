package io.cumulo.examples.photos.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.api.ServiceClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  /** Each new photo is one second newer than the one before. */
  private final AtomicLong now = new AtomicLong(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.getAndAdd(1000));
  @TempDir Path dataDir;
  private FakeCumulo cumulo;
  private CatalogServer catalog;

  @BeforeEach
  void start() {
    cumulo = new FakeCumulo();
    startCatalog();
  }

  private void startCatalog() {
    catalog = CatalogServer.start(new CatalogConfig(0, dataDir, "/apps/photos/media",
        Duration.ofMillis(10), Duration.ofMillis(50)), new ServiceClient(cumulo.uri(), "test-token", "photos"), clock);
  }

  @AfterEach
  void stop() {
    catalog.close();
    cumulo.close();
  }

  @Test
  void createsPhotoAndReportsInsert_whenPipelineReportsProcessing() throws Exception {
    HttpResponse<String> put = send("PUT", "/internal/photos/abc123", "{\"key\":\"abc123/beach.jpg\",\"status\":\"processing\",\"bytes\":2048}");

    assertThat(put.statusCode()).isEqualTo(200);
    JsonNode photo = json(send("GET", "/api/photos/abc123", null));
    assertThat(photo.get("id").asText()).isEqualTo("abc123");
    assertThat(photo.get("key").asText()).isEqualTo("abc123/beach.jpg");
    assertThat(photo.get("status").asText()).isEqualTo("processing");
    assertThat(photo.get("bytes").asLong()).isEqualTo(2048);
    assertThat(photo.get("error").isNull()).isTrue();
    assertThat(photo.get("tags").isArray()).isTrue();
    assertThat(photo.get("thumbnails").isObject()).isTrue();
    assertThat(photo.get("filters").isObject()).isTrue();
    assertThat(iterable(photo.fieldNames())).containsExactly("id", "key", "status", "error", "width",
        "height", "bytes", "contentType", "takenAt", "tags", "caption", "thumbnails", "filters");
    await(() -> cumulo.changes().size() == 1);
    JsonNode change = cumulo.changes().getFirst();
    assertThat(change.get("operation").asText()).isEqualTo("INSERT");
    assertThat(change.get("key").asText()).isEqualTo("abc123");
    assertThat(change.get("newImage")).isEqualTo(photo);
    assertThat(change.get("oldImage").isNull()).isTrue();
  }

  @Test
  void listsThumbnailAndFilterUrls_whenPhotoIsReady() throws Exception {
    send("PUT", "/internal/photos/abc", "{\"key\":\"abc/a.jpg\",\"status\":\"processing\"}");
    send("PUT", "/internal/photos/abc", "{\"key\":\"abc/a.jpg\",\"status\":\"ready\",\"width\":4000,"
        + "\"height\":3000,\"bytes\":99,\"contentType\":\"image/jpeg\",\"takenAt\":\"2024-07-01T12:00:00Z\","
        + "\"thumbnails\":[1024,256,512]}");
    HttpResponse<String> filtered = send("PUT", "/internal/photos/abc/filters/sepia", null);

    JsonNode photo = json(filtered);
    assertThat(photo.get("status").asText()).isEqualTo("ready");
    assertThat(photo.get("width").asInt()).isEqualTo(4000);
    assertThat(photo.get("takenAt").asText()).isEqualTo("2024-07-01T12:00:00Z");
    assertThat(photo.get("thumbnails").toString()).isEqualTo("{\"256\":\"/apps/photos/media/abc/256.jpg\","
        + "\"512\":\"/apps/photos/media/abc/512.jpg\",\"1024\":\"/apps/photos/media/abc/1024.jpg\"}");
    assertThat(photo.get("filters").toString()).isEqualTo("{\"sepia\":\"/apps/photos/media/abc/filters/sepia.jpg\"}");
    await(() -> cumulo.changes().size() == 3);
    assertThat(cumulo.changes()).extracting(c -> c.get("operation").asText()).containsExactly("INSERT", "MODIFY", "MODIFY");
    assertThat(cumulo.changes().get(1).get("oldImage").get("status").asText()).isEqualTo("processing");
  }

  @Test
  void keepsTheReason_whenProcessingFailed() throws Exception {
    send("PUT", "/internal/photos/bad", "{\"key\":\"bad/x.jpg\",\"status\":\"failed\",\"error\":\"the JPEG is truncated\"}");

    JsonNode photo = json(send("GET", "/api/photos/bad", null));
    assertThat(photo.get("status").asText()).isEqualTo("failed");
    assertThat(photo.get("error").asText()).isEqualTo("the JPEG is truncated");
  }

  @Test
  void reportsNothing_whenTheSameStateIsReportedTwice() throws Exception {
    String ready = "{\"key\":\"k/a.jpg\",\"status\":\"ready\",\"width\":10,\"height\":10,\"thumbnails\":[256]}";
    send("PUT", "/internal/photos/k", ready);
    send("PUT", "/internal/photos/k", ready);
    send("PUT", "/internal/photos/other", "{\"key\":\"other/b.jpg\",\"status\":\"processing\"}");

    await(() -> cumulo.changes().size() == 2);
    assertThat(cumulo.changes()).extracting(c -> c.get("key").asText()).containsExactly("k", "other");
  }

  @Test
  void updatesTagsAndCaption_whenPatchIsValid() throws Exception {
    send("PUT", "/internal/photos/p1", "{\"key\":\"p1/a.jpg\",\"status\":\"ready\"}");

    HttpResponse<String> patched = send("PATCH", "/api/photos/p1", "{\"tags\":[\" beach \",\"sun\",\"beach\"],\"caption\":\"Sunset at Nice\"}");

    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(json(patched).get("tags").toString()).isEqualTo("[\"beach\",\"sun\"]");
    assertThat(json(patched).get("caption").asText()).isEqualTo("Sunset at Nice");
    HttpResponse<String> captionOnly = send("PATCH", "/api/photos/p1", "{\"caption\":null}");
    assertThat(json(captionOnly).get("caption").isNull()).isTrue();
    assertThat(json(captionOnly).get("tags").size()).isEqualTo(2);
    await(() -> cumulo.changes().size() == 3);
    assertThat(cumulo.changes().get(1).get("newImage").get("caption").asText()).isEqualTo("Sunset at Nice");
  }

  @Test
  void refusesPatchWithProblemJson_whenFieldsBreakTheRules() throws Exception {
    send("PUT", "/internal/photos/p1", "{\"key\":\"p1/a.jpg\",\"status\":\"ready\"}");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tooMany.add("\"t" + i + "\"");
    }
    var cases = List.of(
        "{\"tags\":[" + String.join(",", tooMany) + "]}",
        "{\"tags\":[\"" + "x".repeat(41) + "\"]}",
        "{\"tags\":[\"\"]}",
        "{\"tags\":\"beach\"}",
        "{\"tags\":[7]}",
        "{\"caption\":\"" + "c".repeat(501) + "\"}",
        "{\"caption\":5}",
        "{\"status\":\"ready\"}",
        "{}",
        "[1]",
        "not json");
    for (String body : cases) {
      HttpResponse<String> answer = send("PATCH", "/api/photos/p1", body);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
      assertThat(json(answer).get("detail").asText()).as(body).isNotBlank();
    }
    assertThat(json(send("GET", "/api/photos/p1", null)).get("tags").size()).isZero();
  }

  @Test
  void answers404_whenPhotoIsUnknown() throws Exception {
    for (HttpResponse<String> answer : List.of(send("GET", "/api/photos/nope", null),
        send("PATCH", "/api/photos/nope", "{\"caption\":\"x\"}"), send("DELETE", "/api/photos/nope", null),
        send("GET", "/api/photos/bad%20id", null), send("GET", "/elsewhere", null))) {
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    assertThat(send("POST", "/api/photos", "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void pagesNewestFirst_whenListing() throws Exception {
    for (int i = 1; i <= 5; i++) {
      send("PUT", "/internal/photos/p" + i, "{\"key\":\"p" + i + "/a.jpg\",\"status\":\"processing\"}");
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = json(send("GET", "/api/photos?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null));
      page.get("photos").forEach(p -> seen.add(p.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactly("p5", "p4", "p3", "p2", "p1");
    assertThat(pages).isEqualTo(3);
    JsonNode byKey = json(send("GET", "/api/photos?key=p3/a.jpg", null));
    assertThat(byKey.get("photos")).extracting(p -> p.get("id").asText()).containsExactly("p3");
    assertThat(send("GET", "/api/photos?limit=0", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/photos?limit=101", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/photos?cursor=garbage", null).statusCode()).isEqualTo(400);
  }

  @Test
  void returnsPhotosInTheGivenOrder_whenAskedByIds() throws Exception {
    for (String id : List.of("a", "b", "c")) {
      send("PUT", "/internal/photos/" + id, "{\"key\":\"" + id + "/x.jpg\",\"status\":\"processing\"}");
    }

    JsonNode answer = json(send("GET", "/internal/photos?ids=c,missing,a", null));

    assertThat(answer.get("photos")).extracting(p -> p.get("id").asText()).containsExactly("c", "a");
  }

  @Test
  void removesPhotoAndReportsRemove_whenDeleted() throws Exception {
    send("PUT", "/internal/photos/gone", "{\"key\":\"gone/a.jpg\",\"status\":\"ready\"}");

    assertThat(send("DELETE", "/api/photos/gone", null).statusCode()).isEqualTo(204);

    assertThat(send("GET", "/api/photos/gone", null).statusCode()).isEqualTo(404);
    await(() -> cumulo.changes().size() == 2);
    JsonNode removal = cumulo.changes().get(1);
    assertThat(removal.get("operation").asText()).isEqualTo("REMOVE");
    assertThat(removal.get("newImage").isNull()).isTrue();
    assertThat(removal.get("oldImage").get("key").asText()).isEqualTo("gone/a.jpg");
  }

  @Test
  void deliversEveryChangeInOrder_whenCumuloRefusedSomeReports() throws Exception {
    cumulo.refuseNext(3);
    for (int i = 1; i <= 6; i++) {
      send("PUT", "/internal/photos/o" + i, "{\"key\":\"o" + i + "/a.jpg\",\"status\":\"processing\"}");
    }

    await(() -> cumulo.changes().size() == 6);
    assertThat(cumulo.refusedCount()).isEqualTo(3);
    assertThat(cumulo.changes()).extracting(c -> c.get("key").asText())
        .containsExactly("o1", "o2", "o3", "o4", "o5", "o6");
  }

  @Test
  void deliversChangesAfterRestart_whenTheProcessStoppedBeforeReportingThem() throws Exception {
    cumulo.refuseNext(Integer.MAX_VALUE);
    send("PUT", "/internal/photos/r1", "{\"key\":\"r1/a.jpg\",\"status\":\"processing\"}");
    send("PUT", "/internal/photos/r1", "{\"key\":\"r1/a.jpg\",\"status\":\"ready\"}");
    await(() -> cumulo.refusedCount() >= 2);
    catalog.close();

    cumulo.refuseNext(0);
    startCatalog();

    await(() -> cumulo.changes().size() == 2);
    assertThat(cumulo.changes()).extracting(c -> c.get("operation").asText()).containsExactly("INSERT", "MODIFY");
    assertThat(json(send("GET", "/api/photos/r1", null)).get("status").asText()).isEqualTo("ready");
  }

  @Test
  void refusesStatusReport_whenFieldsAreMissingOrWrong() throws Exception {
    for (String body : List.of("{\"status\":\"ready\"}", "{\"key\":\"a/b.jpg\",\"status\":\"done\"}",
        "{\"key\":\"a/b.jpg\",\"status\":\"ready\",\"width\":0}", "{\"key\":\"a/b.jpg\",\"status\":\"ready\",\"extra\":1}")) {
      assertThat(send("PUT", "/internal/photos/x", body).statusCode()).as(body).isEqualTo(400);
    }
    assertThat(send("GET", "/api/photos/x", null).statusCode()).isEqualTo(404);
  }

  @Test
  void answersOk_whenHealthIsChecked() throws Exception {
    assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + catalog.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static <T> List<T> iterable(java.util.Iterator<T> items) {
    List<T> list = new ArrayList<>();
    items.forEachRemaining(list::add);
    return list;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
