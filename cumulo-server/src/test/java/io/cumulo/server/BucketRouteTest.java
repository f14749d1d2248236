package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.storage.auth.AccessKey;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code bucket:} routes: read-only objects through the gateway. */
@Timeout(60)
class BucketRouteTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private S3Client s3;

  static final String APP = "name: gallery\nbuckets: [photos-derived]\nfunctions:\n"
      + function("echo", "HttpEcho")
      + """
      routes:
        - {path: '/media/**', bucket: photos-derived, cors: {origins: ['https://photos.example']}}
        - {path: '/cached/{key+}', bucket: photos-derived, cacheControl: 'public, max-age=3600, immutable'}
        - {path: '/keyed/**', bucket: photos-derived, auth: apiKey}
      """;

  private void put(String key, byte[] bytes, String contentType) {
    if (s3 == null) {
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
    s3.putObject(b -> b.bucket("photos-derived").key(key).contentType(contentType), RequestBody.fromBytes(bytes));
  }

  @AfterEach
  void closeClient() {
    if (s3 != null) {
      s3.close();
    }
  }

  private HttpResponse<String> call(String method, String path, String... headers) {
    return server.anonymous(method, path, null, headers);
  }

  @Test
  void servesTheObjectWithItsHeaders_whenGetAndHead() {
    server.deploy(APP);
    put("thumbs/cat photo.jpg", "jpeg bytes".getBytes(StandardCharsets.UTF_8), "image/jpeg");

    HttpResponse<String> get = call("GET", "/apps/gallery/media/thumbs/cat%20photo.jpg",
        "Origin", "https://photos.example");
    HttpResponse<String> head = call("HEAD", "/apps/gallery/media/thumbs/cat%20photo.jpg");
    HttpResponse<String> cached = call("GET", "/apps/gallery/cached/thumbs/cat%20photo.jpg");

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("jpeg bytes");
    assertThat(get.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(get.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(get.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
    assertThat(get.headers().firstValue("Last-Modified")).isPresent();
    assertThat(get.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://photos.example");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
    assertThat(cached.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600, immutable");
  }

  @Test
  void answersNotModified_whenTheClientHasTheCurrentVersion() {
    server.deploy(APP);
    put("a.txt", "one".getBytes(StandardCharsets.UTF_8), "text/plain");
    HttpResponse<String> first = call("GET", "/apps/gallery/media/a.txt");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

    HttpResponse<String> sameEtag = call("GET", "/apps/gallery/media/a.txt", "If-None-Match", "\"x\", " + etag);
    HttpResponse<String> sameDate = call("GET", "/apps/gallery/media/a.txt", "If-Modified-Since", lastModified);
    HttpResponse<String> olderDate = call("GET", "/apps/gallery/media/a.txt", "If-Modified-Since",
        "Mon, 01 Jan 2001 00:00:00 GMT");
    put("a.txt", "two".getBytes(StandardCharsets.UTF_8), "text/plain");
    HttpResponse<String> changed = call("GET", "/apps/gallery/media/a.txt", "If-None-Match", etag);

    assertThat(sameEtag.statusCode()).isEqualTo(304);
    assertThat(sameEtag.body()).isEmpty();
    assertThat(sameEtag.headers().firstValue("ETag")).hasValue(etag);
    assertThat(sameDate.statusCode()).isEqualTo(304);
    assertThat(olderDate.statusCode()).isEqualTo(200);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("two");
  }

  @Test
  void answersPartialContent_whenASingleRangeIsAsked() {
    server.deploy(APP);
    put("digits", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain");

    HttpResponse<String> middle = call("GET", "/apps/gallery/media/digits", "Range", "bytes=2-5");
    HttpResponse<String> suffix = call("GET", "/apps/gallery/media/digits", "Range", "bytes=-3");
    HttpResponse<String> open = call("GET", "/apps/gallery/media/digits", "Range", "bytes=7-");
    HttpResponse<String> past = call("GET", "/apps/gallery/media/digits", "Range", "bytes=10-");
    HttpResponse<String> several = call("GET", "/apps/gallery/media/digits", "Range", "bytes=0-1,4-5");

    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo("2345");
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    assertThat(middle.headers().firstValue("Content-Length")).hasValue("4");
    assertThat(suffix.body()).isEqualTo("789");
    assertThat(open.body()).isEqualTo("789");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */10");
    assertThat(several.statusCode()).isEqualTo(200);
    assertThat(several.body()).isEqualTo("0123456789");
  }

  @Test
  void answersProblems_whenTheKeyIsMissingOrNotLiteral() {
    server.deploy(APP);

    HttpResponse<String> missing = call("GET", "/apps/gallery/media/nope.jpg");
    HttpResponse<String> dotDot = call("GET", "/apps/gallery/media/a/%2e%2e/b");
    HttpResponse<String> dot = call("GET", "/apps/gallery/media/a/%2e/b");
    HttpResponse<String> empty = call("GET", "/apps/gallery/media/");
    HttpResponse<String> put = server.anonymous("PUT", "/apps/gallery/media/x", "x".getBytes(StandardCharsets.UTF_8));

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(RunningServer.json(missing).get("code").asText()).isEqualTo("NoSuchKey");
    assertThat(dotDot.statusCode()).isEqualTo(400);
    assertThat(dot.statusCode()).isEqualTo(400);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void requiresAnApiKey_whenTheRouteSaysSo() {
    server.deploy(APP);
    put("k", "v".getBytes(StandardCharsets.UTF_8), "text/plain");
    String key = RunningServer.json(server.post("/admin/v1/apps/gallery/keys", "{\"name\":\"cdn\"}")).get("key").asText();

    assertThat(call("GET", "/apps/gallery/keyed/k").statusCode()).isEqualTo(401);
    assertThat(call("GET", "/apps/gallery/keyed/k", "x-api-key", key).body()).isEqualTo("v");
  }

  @Test
  void streamsALargeObjectByteExact() throws Exception {
    server.deploy(APP);
    byte[] photo = new byte[5 * 1024 * 1024 + 17];
    new SplittableRandom(42).nextBytes(photo);
    put("big.bin", photo, "application/octet-stream");

    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.uri().resolve("/apps/gallery/media/big.bin"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(server.uri().resolve("/apps/gallery/media/big.bin"))
        .header("Range", "bytes=5000000-").build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(photo.length));
    assertThat(sha256(response.body())).isEqualTo(sha256(photo));
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(sha256(tail.body())).isEqualTo(sha256(java.util.Arrays.copyOfRange(photo, 5_000_000, photo.length)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
