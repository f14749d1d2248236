package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.CumuloException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {
  @TempDir static Path dir;
  static S3TestServer t;
  static S3Client s3;
  static S3Client app;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    s3 = t.s3;
    app = t.client(S3TestServer.APP_ID, S3TestServer.APP_SECRET);
    s3.createBucket(b -> b.bucket(S3TestServer.APP_BUCKET));
    s3.createBucket(b -> b.bucket("other"));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    t.close();
  }

  @Test
  void doesScopeAppKey_whenBucketIsNotItsOwn() {
    app.putObject(b -> b.bucket(S3TestServer.APP_BUCKET).key("mine"), RequestBody.fromString("ok"));
    assertThat(app.listBuckets().buckets()).extracting(Bucket::name).containsExactly(S3TestServer.APP_BUCKET);
    assertError(() -> app.putObject(b -> b.bucket("other").key("theirs"), RequestBody.fromString("no")), 403, "AccessDenied");
    assertError(() -> app.listObjectsV2(b -> b.bucket("other")), 403, "AccessDenied");
    assertError(() -> app.createBucket(b -> b.bucket("app-made")), 403, "AccessDenied");
    assertError(() -> app.deleteBucket(b -> b.bucket(S3TestServer.APP_BUCKET)), 403, "AccessDenied");
    assertError(() -> app.copyObject(b -> b.sourceBucket("other").sourceKey("x").destinationBucket(S3TestServer.APP_BUCKET)
        .destinationKey("stolen")), 403, "AccessDenied");
  }

  @Test
  void doesRefuse_whenSecretIsWrong() {
    try (S3Client wrong = t.client(S3TestServer.ROOT_ID, "not-the-secret")) {
      assertError(() -> wrong.listBuckets(), 403, "SignatureDoesNotMatch");
    }
    try (S3Client unknown = t.client("UNKNOWNKEY0000000000", "whatever")) {
      assertError(() -> unknown.listBuckets(), 403, "InvalidAccessKeyId");
    }
  }

  @Test
  void doesAnswerNoSuchBucket_whenBucketIsUnknown() {
    assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket"))).isInstanceOf(NoSuchBucketException.class);
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")))
        .isInstanceOf(NoSuchBucketException.class);
    assertError(() -> s3.headBucket(b -> b.bucket("no-such-bucket")), 404, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<Delete><Object><Key>a</Key></Object>", "not xml at all",
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>",
      "<Wrong/>", "<Delete></Delete>"})
  void doesAnswerMalformedXml_whenDeleteBodyIsBad(String body) throws Exception {
    HttpResponse<String> response = t.signed("POST", "/other?delete", body.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-MD5", md5Base64(body)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>MalformedXML</Code>").contains("<RequestId>")
        .doesNotContain("root:");
    assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
  }

  @Test
  void doesAnswerMalformedXml_whenMoreThan1000Keys() throws Exception {
    StringBuilder body = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      body.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    String xml = body.append("</Delete>").toString();
    HttpResponse<String> response = t.signed("POST", "/other?delete", xml.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-MD5", md5Base64(xml)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>MalformedXML</Code>");
  }

  @Test
  void doesRefuseXmlBody_whenLargerThanOneMebibyte() throws Exception {
    String xml = "<Delete><Object><Key>" + "k".repeat(1024 * 1024) + "</Key></Object></Delete>";
    HttpResponse<String> response = t.signed("POST", "/other?delete", xml.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-MD5", md5Base64(xml)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>MaxMessageLengthExceeded</Code>");
  }

  @Test
  void doesReportPerKeyErrors_whenSomeDeletesFail() {
    s3.putObject(b -> b.bucket("other").key("fine"), RequestBody.fromString("x"));
    String tooLong = "k".repeat(1100);
    var result = s3.deleteObjects(b -> b.bucket("other").delete(d -> d.objects(o -> o.key("fine"), o -> o.key(tooLong))));
    assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("fine");
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo(tooLong);
      assertThat(e.code()).isNotBlank();
    });
  }

  @Test
  void doesRequireDigest_whenDeleteObjectsHasNone() throws Exception {
    HttpResponse<String> response = t.signed("POST", "/other?delete",
        "<Delete><Object><Key>a</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>InvalidRequest</Code>");
  }

  @Test
  void doesAnswerMalformedXml_whenCompleteMultipartBodyIsBad() throws Exception {
    String uploadId = s3.createMultipartUpload(b -> b.bucket("other").key("mpu")).uploadId();
    HttpResponse<String> response = t.signed("POST", "/other/mpu?uploadId=" + uploadId,
        "<CompleteMultipartUpload><Part><PartNumber>x".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>MalformedXML</Code>");
  }

  @Test
  void doesAnswerNotImplementedAndMethodNotAllowed_whenUnsupported() throws Exception {
    HttpResponse<String> tagging = t.signed("GET", "/other?tagging", null, Map.of());
    assertThat(tagging.statusCode()).isEqualTo(501);
    assertThat(tagging.body()).contains("<Code>NotImplemented</Code>");
    HttpResponse<String> patch = t.signed("PATCH", "/other/key", null, Map.of());
    assertThat(patch.statusCode()).isEqualTo(405);
    assertThat(patch.body()).contains("<Code>MethodNotAllowed</Code>");
  }

  @Test
  void doesAnswerAccessDenied_whenUnsigned() throws Exception {
    HttpResponse<String> response = t.http.send(HttpRequest.newBuilder(URI.create(t.server.uri() + "/other")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).startsWith("<?xml").contains("<Error><Code>AccessDenied</Code>")
        .contains("<Resource>/other</Resource>");
    HttpResponse<String> head = t.http.send(HttpRequest.newBuilder(URI.create(t.server.uri() + "/other/k"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(403);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("x-amz-request-id")).isPresent();
  }

  @Test
  void doesAnswerSinkStatus_whenEventSinkRefuses() {
    t.events.failWith = new CumuloException(503, "SlowDown", "event log full");
    try {
      assertError(() -> s3.putObject(b -> b.bucket("other").key("slow"), RequestBody.fromString("x")), 503, "SlowDown");
    } finally {
      t.events.failWith = null;
    }
  }

  @Test
  void doesNotLeakInternals_whenUnexpectedFailure() throws Exception {
    t.events.failWith = new IllegalStateException("secret internal detail");
    HttpResponse<String> response;
    try {
      response = t.signed("PUT", "/other/boom", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    } finally {
      t.events.failWith = null;
    }
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("<Code>InternalError</Code>").doesNotContain("secret internal detail");
  }

  @Test
  void doesRefuseBadContentLengthAndOversizedPut_whenHeadersSaySo() throws Exception {
    HttpResponse<String> response = t.signed("PUT", "/other/k?partNumber=0&uploadId=x", "x".getBytes(StandardCharsets.UTF_8),
        Map.of());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>InvalidArgument</Code>");
  }

  @Test
  void doesAnswerS3Xml_whenJettyRefusesHeaders() throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", t.server.uri().getPort())) {
      socket.getOutputStream().write(("GET /other HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 431").contains("x-amz-request-id").contains("<Code>RequestHeaderSectionTooLarge</Code>");
    }
    try (var socket = new java.net.Socket("127.0.0.1", t.server.uri().getPort())) {
      socket.getOutputStream().write("PUT /other/k HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400").contains("x-amz-request-id").contains("<Code>BadRequest</Code>");
    }
  }

  @Test
  void doesRefuseOversizedPut_whenAboveMaxObjectBytes() throws Exception {
    S3ServerConfig tiny = new S3ServerConfig("127.0.0.1", 0, "localhost", "us-east-1", 1024, 1024, 1024,
        java.time.Duration.ofSeconds(5));
    io.cumulo.storage.auth.CredentialStore credentials = id -> id.equals(S3TestServer.ROOT_ID)
        ? java.util.Optional.of(new io.cumulo.storage.auth.AccessKey(id, S3TestServer.ROOT_SECRET, null, "root"))
        : java.util.Optional.empty();
    try (S3Server small = new S3Server(t.store, new io.cumulo.storage.auth.SigV4Verifier(credentials, java.time.Clock.systemUTC()),
        new io.cumulo.storage.auth.PostPolicyVerifier(credentials, java.time.Clock.systemUTC()),
        io.cumulo.core.storage.ObjectEventSink.NONE, tiny)) {
      small.start();
      try (S3Client client = S3Client.builder().endpointOverride(small.uri()).forcePathStyle(true)
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
              S3TestServer.ROOT_ID, S3TestServer.ROOT_SECRET))
          .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
        assertError(() -> client.putObject(b -> b.bucket("other").key("big"), RequestBody.fromBytes(new byte[2048])),
            400, "EntityTooLarge");
        client.putObject(b -> b.bucket("other").key("small"), RequestBody.fromBytes(new byte[1000]));
      }
    }
  }

  static void assertError(Runnable call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      if (code != null) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      }
      assertThat(e.requestId()).isNotBlank();
    });
  }

  static String md5Base64(String s) throws Exception {
    return java.util.Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
