package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ObjectTest {
  @TempDir static Path dir;
  static S3TestServer t;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    s3 = t.s3;
    s3.createBucket(b -> b.bucket("objects"));
    s3.createBucket(b -> b.bucket(S3TestServer.APP_BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  @Test
  void doesBucketCrud_whenRootKey() {
    s3.createBucket(b -> b.bucket("crud-bucket"));
    s3.headBucket(b -> b.bucket("crud-bucket"));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("crud-bucket", "objects");
    assertThat(s3.getBucketLocation(b -> b.bucket("crud-bucket")).locationConstraintAsString()).isEmpty();
    assertThat(s3.getBucketVersioning(b -> b.bucket("crud-bucket")).status()).isNull();
    s3.deleteBucket(b -> b.bucket("crud-bucket"));
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("crud-bucket"))).isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void doesRoundTripBytesAndMetadata_whenPutThenGet() {
    PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("docs/hello.txt").contentType("text/plain")
        .metadata(Map.of("author", "ada", "purpose", "test")), RequestBody.fromString("hello world"));
    assertThat(put.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key("docs/hello.txt"));
    assertThat(got.asUtf8String()).isEqualTo("hello world");
    assertThat(got.response().contentType()).isEqualTo("text/plain");
    assertThat(got.response().metadata()).containsEntry("author", "ada").containsEntry("purpose", "test");
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(got.response().contentLength()).isEqualTo(11);
    assertThat(got.response().acceptRanges()).isEqualTo("bytes");

    HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key("docs/hello.txt"));
    assertThat(head.contentLength()).isEqualTo(11);
    assertThat(head.metadata()).containsEntry("author", "ada");
    assertThat(head.lastModified()).isBefore(Instant.now().plusSeconds(2));

    s3.deleteObject(b -> b.bucket("objects").key("docs/hello.txt"));
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("objects").key("docs/hello.txt")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket("objects").key("docs/hello.txt")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(t.events.forKey("docs/hello.txt")).extracting(S3TestServer.RecordingEvents.Event::name)
        .containsExactly("ObjectCreated:Put", "ObjectRemoved:Delete");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ünïcødé/文件 名.txt", "a+b=c&d?e#f", "with space/and%percent", "a//b/../c/./d", "~tilde*star'quote\"",
      "emoji-😀", "trailing/"})
  void doesStoreOddKeys_whenPutAndListed(String key) {
    s3.putObject(b -> b.bucket("objects").key(key), RequestBody.fromString(key));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key(key)).asUtf8String()).isEqualTo(key);
    assertThat(s3.listObjectsV2(b -> b.bucket("objects").prefix(key)).contents()).extracting(o -> o.key()).contains(key);
    assertThat(s3.listObjects(b -> b.bucket("objects").prefix(key).encodingType("url")).contents())
        .extracting(o -> o.key()).contains(key);
    s3.deleteObject(b -> b.bucket("objects").key(key));
  }

  @Test
  void doesReturnRanges_whenRangeHeaderGiven() {
    s3.putObject(b -> b.bucket("objects").key("range"), RequestBody.fromString("0123456789"));
    assertThat(range("bytes=2-5")).isEqualTo("2345");
    assertThat(range("bytes=7-")).isEqualTo("789");
    assertThat(range("bytes=-3")).isEqualTo("789");
    assertThat(range("bytes=5-100")).isEqualTo("56789");
    assertThat(range("bytes=0-1,4-5")).isEqualTo("0123456789");
    ResponseBytes<GetObjectResponse> partial = s3.getObjectAsBytes(b -> b.bucket("objects").key("range").range("bytes=2-5"));
    assertThat(partial.response().contentRange()).isEqualTo("bytes 2-5/10");
    assertThatThrownBy(() -> range("bytes=10-"))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(416);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
        });
  }

  private static String range(String range) {
    return s3.getObjectAsBytes(b -> b.bucket("objects").key("range").range(range)).asUtf8String();
  }

  @Test
  void doesAnswer304And412_whenConditionsFail() {
    PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("cond"), RequestBody.fromString("x"));
    Instant future = Instant.now().plusSeconds(3600);
    Instant past = Instant.now().minusSeconds(3600);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifMatch(put.eTag())).asUtf8String()).isEqualTo("x");
    assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("cond").ifNoneMatch(put.eTag())))).isEqualTo(304);
    assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("cond").ifModifiedSince(future)))).isEqualTo(304);
    assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("cond").ifMatch("\"nope\"")))).isEqualTo(412);
    assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("cond").ifUnmodifiedSince(past)))).isEqualTo(412);
    assertThat(status(() -> s3.headObject(b -> b.bucket("objects").key("cond").ifNoneMatch(put.eTag())))).isEqualTo(304);
    // S3's precedence: a true If-Match overrides a false If-Unmodified-Since.
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifMatch(put.eTag()).ifUnmodifiedSince(past))
        .asUtf8String()).isEqualTo("x");
    // ...and a false If-None-Match overrides a true If-Modified-Since.
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifNoneMatch("\"other\"").ifModifiedSince(future))
        .asUtf8String()).isEqualTo("x");
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    }
  }

  @Test
  void doesRefusePut_whenIfNoneMatchStarAndKeyExists() {
    s3.putObject(b -> b.bucket("objects").key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
    assertThat(status(() -> s3.putObject(b -> b.bucket("objects").key("once").ifNoneMatch("*"), RequestBody.fromString("second"))))
        .isEqualTo(412);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("once")).asUtf8String()).isEqualTo("first");
  }

  @Test
  void doesReturnStoredChecksums_whenChecksumModeEnabled() {
    PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("crc").checksumAlgorithm(ChecksumAlgorithm.CRC32),
        RequestBody.fromString("checksummed"));
    assertThat(put.checksumCRC32()).isNotNull();
    HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key("crc").checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumCRC32()).isEqualTo(put.checksumCRC32());
    GetObjectResponse get = s3.getObjectAsBytes(b -> b.bucket("objects").key("crc").checksumMode(ChecksumMode.ENABLED))
        .response();
    assertThat(get.checksumCRC32()).isEqualTo(put.checksumCRC32());
  }

  @Test
  void doesCopyWithBothDirectives_whenCopyObject() {
    s3.putObject(b -> b.bucket("objects").key("src").contentType("text/plain").metadata(Map.of("k", "v")),
        RequestBody.fromString("copy me"));
    CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src")
        .destinationBucket(S3TestServer.APP_BUCKET).destinationKey("copied ü"));
    assertThat(copied.copyObjectResult().eTag()).isEqualTo("\"" + md5Hex("copy me") + "\"");
    HeadObjectResponse kept = s3.headObject(b -> b.bucket(S3TestServer.APP_BUCKET).key("copied ü"));
    assertThat(kept.metadata()).containsEntry("k", "v");
    assertThat(kept.contentType()).isEqualTo("text/plain");

    s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src").destinationBucket("objects").destinationKey("src")
        .metadataDirective(MetadataDirective.REPLACE).contentType("application/json").metadata(Map.of("new", "1")));
    HeadObjectResponse replaced = s3.headObject(b -> b.bucket("objects").key("src"));
    assertThat(replaced.metadata()).containsExactly(Map.entry("new", "1"));
    assertThat(replaced.contentType()).isEqualTo("application/json");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("src")).asUtf8String()).isEqualTo("copy me");
    assertThat(t.events.forKey("copied ü")).extracting(S3TestServer.RecordingEvents.Event::name)
        .containsExactly("ObjectCreated:Copy");
    assertThat(status(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src").destinationBucket("objects")
        .destinationKey("x").copySourceIfMatch("\"nope\"")))).isEqualTo(412);
  }

  @Test
  void doesAddressBucketByHost_whenVirtualHostStyle() throws Exception {
    s3.putObject(b -> b.bucket("objects").key("vhost/key"), RequestBody.fromString("by host"));
    java.net.URI endpoint = java.net.URI.create("http://localhost:" + t.server.uri().getPort());
    java.net.URL url;
    try (var presigner = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().endpointOverride(endpoint)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
            S3TestServer.ROOT_ID, S3TestServer.ROOT_SECRET))
        .build()) {
      url = presigner.presignGetObject(p -> p.signatureDuration(java.time.Duration.ofMinutes(1))
          .getObjectRequest(g -> g.bucket("objects").key("vhost/key"))).url();
    }
    assertThat(url.getHost()).isEqualTo("objects.localhost");
    // *.localhost need not resolve here, so speak HTTP over a socket to the server with that Host header.
    try (var socket = new java.net.Socket("127.0.0.1", t.server.uri().getPort())) {
      socket.getOutputStream().write(("GET " + url.getFile() + " HTTP/1.1\r\nHost: " + url.getAuthority()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200").contains("x-amz-request-id").endsWith("by host");
    }
  }

  @Test
  void doesHonourBucketConfigurationAndOverrides_whenGiven() throws Exception {
    byte[] config = "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(t.signed("PUT", "/configured", config, Map.of()).statusCode()).isEqualTo(200);
    var wrongRegion = t.signed("PUT", "/elsewhere",
        "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"
            .getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(wrongRegion.statusCode()).isEqualTo(400);
    assertThat(wrongRegion.body()).contains("InvalidLocationConstraint");

    s3.putObject(b -> b.bucket("configured").key("doc"), RequestBody.fromString("x"));
    GetObjectResponse overridden = s3.getObjectAsBytes(b -> b.bucket("configured").key("doc")
        .responseContentType("text/csv").responseContentDisposition("attachment; filename=\"d.csv\"")).response();
    assertThat(overridden.contentType()).isEqualTo("text/csv");
    assertThat(overridden.contentDisposition()).isEqualTo("attachment; filename=\"d.csv\"");
    s3.deleteObject(b -> b.bucket("configured").key("doc").bypassGovernanceRetention(true));
    s3.deleteBucket(b -> b.bucket("configured"));
  }

  static String md5Hex(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
