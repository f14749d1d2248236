package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.storage.auth.AccessKey;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The photo app (examples/photos) end to end, with real photos from Debian's python3-skimage:
 * uploads through a presigned URL and through the AWS SDK, thumbnails and filters fetched through
 * the media route and decoded, live status over server-sent events, search by tag and by name, a
 * bad photo failing with its reason, and a delete that removes everything.
 */
@Timeout(180)
class PhotoAppTest {
  private static final Duration PIPELINE = Duration.ofSeconds(60);
  private static final List<Integer> SIZES = List.of(256, 512, 1024);
  private static final List<String> AUTOMATIC_FILTERS = List.of("grayscale", "sepia", "vivid");

  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private S3Client s3;

  @BeforeEach
  void deployPhotos() {
    PhotosApp.deploy(server);
    AccessKey root = server.server().rootKey();
    s3 = S3Client.builder()
        .endpointOverride(server.server().s3Uri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(root.accessKeyId(), root.secretKey())))
        .build();
  }

  @AfterEach
  void closeClient() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void makesEveryDerivativeAndNotifies_whenAPhotoIsUploadedThroughAPresignedUrl() throws Exception {
    List<String> events = listenToEvents();
    byte[] photo = sample("retina.jpg");

    HttpResponse<String> granted = api("POST", "/api/uploads",
        "{\"fileName\":\"retina scan.jpg\",\"contentType\":\"image/jpeg\",\"size\":" + photo.length + "}");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    JsonNode grant = RunningServer.json(granted);
    String id = grant.get("id").asText();
    assertThat(grant.get("key").asText()).endsWith("/retina-scan.jpg");
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(grant.get("uploadUrl").asText()))
        .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    JsonNode ready = awaitStatus(id, "ready");
    assertThat(ready.get("width").asInt()).isEqualTo(1411);
    assertThat(ready.get("height").asInt()).isEqualTo(1411);
    assertThat(ready.get("bytes").asLong()).isEqualTo(photo.length);
    assertThat(ready.get("contentType").asText()).isEqualTo("image/jpeg");
    assertThat(ready.get("error").isNull()).isTrue();
    for (int size : SIZES) {
      BufferedImage thumbnail = fetchImage(ready.get("thumbnails").get(Integer.toString(size)).asText(), "image/jpeg");
      assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).as("thumbnail %d", size).isEqualTo(size);
    }
    HttpResponse<byte[]> webp = getBytes("/apps/photos/media/" + id + "/256.webp");
    if (webp.statusCode() == 200) {
      assertThat(new String(webp.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(new String(webp.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }
    JsonNode filtered = awaitPhoto(id, "automatic filters", p -> AUTOMATIC_FILTERS.stream().allMatch(p.get("filters")::has));
    BufferedImage gray = fetchImage(filtered.get("filters").get("grayscale").asText(), "image/jpeg");
    assertThat(Math.max(gray.getWidth(), gray.getHeight())).isEqualTo(1024);
    assertThat(isGray(gray)).isTrue();
    RunningServer.await(PIPELINE, "the ready event", () -> events.stream()
        .anyMatch(e -> e.contains("\"id\":\"" + id + "\"") && e.contains("\"status\":\"ready\"")));
    assertThat(events.stream().filter(e -> e.contains("\"id\":\"" + id + "\"")).findFirst().orElseThrow())
        .contains("\"status\":\"processing\"");

    HttpResponse<String> blur = api("POST", "/api/photos/" + id + "/filters/blur", null);
    assertThat(blur.statusCode()).as(blur.body()).isEqualTo(200);
    fetchImage(RunningServer.json(blur).get("filters").get("blur").asText(), "image/jpeg");
    HttpResponse<String> unknown = api("POST", "/api/photos/" + id + "/filters/posterize", null);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("grayscale");
  }

  @Test
  void processesAndFindsPhotos_whenUploadedWithTheSdkAndTagged() throws Exception {
    s3.putObject(b -> b.bucket("photos-uploads").key("launches/rocket launch.jpg").contentType("image/jpeg"),
        RequestBody.fromBytes(sample("rocket.jpg")));
    s3.putObject(b -> b.bucket("photos-uploads").key("cat.png").contentType("image/png"),
        RequestBody.fromBytes(sample("chelsea.png")));

    JsonNode rocket = awaitByKey("launches/rocket launch.jpg", "ready");
    JsonNode cat = awaitByKey("cat.png", "ready");
    assertThat(rocket.get("width").asInt()).isEqualTo(640);
    assertThat(cat.get("contentType").asText()).isEqualTo("image/png");
    BufferedImage largest = fetchImage(rocket.get("thumbnails").get("1024").asText(), "image/jpeg");
    assertThat(largest.getWidth()).as("never enlarged").isEqualTo(640);
    String rocketId = rocket.get("id").asText();

    HttpResponse<String> patched = api("PATCH", "/api/photos/" + rocketId,
        "{\"tags\":[\"space\",\"nasa\"],\"caption\":\"Launch day at the cape\"}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(api("PATCH", "/api/photos/" + rocketId, "{\"tags\":[\"" + "x".repeat(41) + "\"]}").statusCode())
        .isEqualTo(400);

    assertThat(awaitSearch("nasa", rocketId)).extracting(p -> p.get("id").asText()).containsExactly(rocketId);
    awaitSearch("rocket", rocketId);
    awaitSearch("cape", rocketId);
    JsonNode byName = awaitSearch("cat", cat.get("id").asText());
    assertThat(byName.get(0)).isEqualTo(RunningServer.json(api("GET", "/api/photos/" + cat.get("id").asText(), null)));
    JsonNode page = RunningServer.json(api("GET", "/api/photos?limit=1", null));
    assertThat(page.get("photos")).hasSize(1);
    assertThat(page.get("nextCursor").isNull()).isFalse();
  }

  @Test
  void failsWithAReadableReasonAndAffectsNothingElse_whenPhotosAreBad() throws Exception {
    s3.putObject(b -> b.bucket("photos-uploads").key("broken.jpg"), RequestBody.fromBytes(sample("truncated.jpg")));
    s3.putObject(b -> b.bucket("photos-uploads").key("notes.jpg"), RequestBody.fromString("these are notes, not a photo"));
    s3.putObject(b -> b.bucket("photos-uploads").key("empty.jpg"), RequestBody.empty());
    s3.putObject(b -> b.bucket("photos-uploads").key("coffee.png"), RequestBody.fromBytes(sample("coffee.png")));

    for (String key : List.of("broken.jpg", "notes.jpg", "empty.jpg")) {
      JsonNode failed = awaitByKey(key, "failed");
      assertThat(failed.get("error").asText()).as(key).isNotBlank().doesNotContain("Exception");
      assertThat(failed.get("thumbnails").size()).isZero();
    }
    assertThat(awaitByKey("coffee.png", "ready").get("thumbnails").size()).isEqualTo(3);
  }

  @Test
  void removesTheOriginalDerivativesRowAndIndexEntry_whenAPhotoIsDeleted() throws Exception {
    s3.putObject(b -> b.bucket("photos-uploads").key("astronaut.png").contentType("image/png"),
        RequestBody.fromBytes(sample("astronaut.png")));
    JsonNode photo = awaitPhotoWith("astronaut.png", p -> p.get("status").asText().equals("ready")
        && AUTOMATIC_FILTERS.stream().allMatch(p.get("filters")::has));
    String id = photo.get("id").asText();
    awaitSearch("astronaut", id);
    List<String> urls = new ArrayList<>();
    photo.get("thumbnails").forEach(u -> urls.add(u.asText()));
    photo.get("filters").forEach(u -> urls.add(u.asText()));

    HttpResponse<String> deleted = api("DELETE", "/api/photos/" + id, null);

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(api("GET", "/api/photos/" + id, null).statusCode()).isEqualTo(404);
    assertThat(api("DELETE", "/api/photos/" + id, null).statusCode()).isEqualTo(404);
    for (String url : urls) {
      assertThat(getBytes(url).statusCode()).as(url).isEqualTo(404);
    }
    assertThat(s3.listObjectsV2(b -> b.bucket("photos-derived").prefix(id + "/")).contents()).isEmpty();
    try {
      s3.headObject(b -> b.bucket("photos-uploads").key("astronaut.png"));
      throw new AssertionError("the original is still there");
    } catch (NoSuchKeyException expected) {
      // the original is gone
    }
    RunningServer.await(PIPELINE, "the index to forget the photo",
        () -> search("astronaut").isEmpty());
  }

  private HttpResponse<String> api(String method, String path, String json) {
    return server.anonymous(method, "/apps/photos" + path,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        json == null ? new String[0] : new String[] {"Content-Type", "application/json"});
  }

  private JsonNode awaitStatus(String id, String status) {
    return awaitPhoto(id, status, p -> p.get("status").asText().equals(status));
  }

  private JsonNode awaitPhoto(String id, String what, java.util.function.Predicate<JsonNode> condition) {
    JsonNode[] found = new JsonNode[1];
    RunningServer.await(PIPELINE, "photo " + id + ": " + what, () -> {
      HttpResponse<String> answer = api("GET", "/api/photos/" + id, null);
      if (answer.statusCode() != 200) {
        return false;
      }
      found[0] = RunningServer.json(answer);
      return condition.test(found[0]);
    });
    return found[0];
  }

  private JsonNode awaitByKey(String key, String status) {
    return awaitPhotoWith(key, p -> p.get("status").asText().equals(status));
  }

  private JsonNode awaitPhotoWith(String key, java.util.function.Predicate<JsonNode> condition) {
    JsonNode[] found = new JsonNode[1];
    RunningServer.await(PIPELINE, "the photo of " + key, () -> {
      JsonNode photos = RunningServer.json(api("GET", "/api/photos?key="
          + URLEncoder.encode(key, StandardCharsets.UTF_8), null)).get("photos");
      if (photos.isEmpty() || !condition.test(photos.get(0))) {
        return false;
      }
      found[0] = photos.get(0);
      return true;
    });
    return found[0];
  }

  private JsonNode search(String words) {
    HttpResponse<String> answer = api("GET", "/api/search?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8), null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return RunningServer.json(answer).get("photos");
  }

  private JsonNode awaitSearch(String words, String id) {
    JsonNode[] found = new JsonNode[1];
    RunningServer.await(PIPELINE, "search '" + words + "' to find " + id, () -> {
      found[0] = search(words);
      return Stream.iterate(0, i -> i < found[0].size(), i -> i + 1)
          .anyMatch(i -> found[0].get(i).get("id").asText().equals(id));
    });
    return found[0];
  }

  private HttpResponse<byte[]> getBytes(String path) {
    try {
      return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private BufferedImage fetchImage(String url, String contentType) throws IOException {
    assertThat(url).startsWith("/apps/photos/media/");
    HttpResponse<byte[]> answer = getBytes(url);
    assertThat(answer.statusCode()).as(url).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).as(url).hasValueSatisfying(t -> assertThat(t).startsWith(contentType));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
    assertThat(image).as("%s decodes", url).isNotNull();
    return image;
  }

  private static boolean isGray(BufferedImage image) {
    for (int y = 0; y < image.getHeight(); y += 37) {
      for (int x = 0; x < image.getWidth(); x += 37) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (Math.abs(r - g) > 6 || Math.abs(g - b) > 6) {
          return false;
        }
      }
    }
    return true;
  }

  /** Reads the app's event stream in the background; returns the data lines seen so far. */
  private List<String> listenToEvents() throws Exception {
    List<String> data = new CopyOnWriteArrayList<>();
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/photos/api/events"))
        .header("Accept", "text/event-stream").build();
    // The future completes with the headers; the lines arrive as the server sends them.
    HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    Thread.ofVirtual().start(() -> response.body().filter(line -> line.startsWith("data:"))
        .forEach(line -> data.add(line.substring(5).strip())));
    return data;
  }

  private static byte[] sample(String name) {
    return PhotosApp.sample(name);
  }
}
