package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** What browsers and curl-like clients use: CORS, notifications config, presigned URLs, POST object forms. */
class S3BrowserTest {
  @TempDir static Path dir;
  static S3TestServer t;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    s3 = t.s3;
    s3.createBucket(b -> b.bucket("web"));
    s3.createBucket(b -> b.bucket(S3TestServer.APP_BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  @Test
  void doesAnswerPreflightByRules_whenCorsConfigured() throws Exception {
    assertThat(preflight("https://app.example", "PUT", null).statusCode()).isEqualTo(403);
    s3.putBucketCors(b -> b.bucket("web").corsConfiguration(c -> c.corsRules(
        CORSRule.builder().allowedOrigins("https://*.example").allowedMethods("GET", "PUT").allowedHeaders("*")
            .exposeHeaders("ETag").maxAgeSeconds(600).build())));
    assertThat(s3.getBucketCors(b -> b.bucket("web")).corsRules().getFirst().allowedOrigins())
        .containsExactly("https://*.example");

    HttpResponse<String> ok = preflight("https://app.example", "PUT", "content-type, x-amz-meta-a");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    assertThat(ok.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
    assertThat(ok.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, x-amz-meta-a");
    assertThat(ok.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
    assertThat(ok.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag");
    assertThat(preflight("https://evil.test", "PUT", null).statusCode()).isEqualTo(403);
    assertThat(preflight("https://app.example", "DELETE", null).statusCode()).isEqualTo(403);

    s3.putObject(b -> b.bucket("web").key("page"), RequestBody.fromString("hi"));
    PresignedGetObjectRequest get;
    try (S3Presigner presigner = t.presigner()) {
      get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("web").key("page")));
    }
    HttpResponse<String> actual = t.http.send(HttpRequest.newBuilder(get.url().toURI()).header("Origin", "https://app.example")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(actual.body()).isEqualTo("hi");
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    assertThat(actual.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag");

    s3.deleteBucketCors(b -> b.bucket("web"));
    assertThat(preflight("https://app.example", "PUT", null).statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> preflight(String origin, String method, String headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(t.server.uri() + "/web/some/key"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method);
    if (headers != null) {
      request.header("Access-Control-Request-Headers", headers);
    }
    return t.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void doesRoundTripNotificationConfiguration_whenPutThenGet() {
    assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("web")).lambdaFunctionConfigurations()).isEmpty();
    s3.putBucketNotificationConfiguration(b -> b.bucket("web").notificationConfiguration(n -> n
        .lambdaFunctionConfigurations(l -> l.id("thumbs").lambdaFunctionArn("arn:cumulo:function:thumbnail")
            .events(Event.S3_OBJECT_CREATED)
            .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("uploads/"),
                r -> r.name(FilterRuleName.SUFFIX).value(".jpg")))))
        .queueConfigurations(q -> q.queueArn("arn:cumulo:queue:audit").events(Event.S3_OBJECT_REMOVED))));
    GetBucketNotificationConfigurationResponse got = s3.getBucketNotificationConfiguration(b -> b.bucket("web"));
    assertThat(got.lambdaFunctionConfigurations()).singleElement().satisfies(l -> {
      assertThat(l.id()).isEqualTo("thumbs");
      assertThat(l.lambdaFunctionArn()).isEqualTo("arn:cumulo:function:thumbnail");
      assertThat(l.eventsAsStrings()).containsExactly("s3:ObjectCreated:*");
      assertThat(l.filter().key().filterRules()).extracting(r -> r.value()).containsExactly("uploads/", ".jpg");
    });
    assertThat(got.queueConfigurations()).singleElement().satisfies(q -> assertThat(q.queueArn()).isEqualTo("arn:cumulo:queue:audit"));
  }

  @Test
  void doesRefuseNotificationConfiguration_whenFilterRuleIsUnknown() throws Exception {
    String xml = "<NotificationConfiguration><LambdaFunctionConfiguration><CloudFunction>arn:f</CloudFunction>"
        + "<Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>middle</Name><Value>x</Value></FilterRule>"
        + "</S3Key></Filter></LambdaFunctionConfiguration></NotificationConfiguration>";
    HttpResponse<String> response = t.signed("PUT", "/web?notification", xml.getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>InvalidArgument</Code>");
  }

  @Test
  void doesServePresignedGetAndPut_whenUsedWithoutSdk() throws Exception {
    try (S3Presigner presigner = t.presigner()) {
      PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(r -> r.bucket("web").key("presigned/ä b.txt")));
      HttpResponse<String> putResponse = t.http.send(HttpRequest.newBuilder(put.url().toURI())
          .PUT(HttpRequest.BodyPublishers.ofString("via presigned put")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(putResponse.statusCode()).isEqualTo(200);
      assertThat(putResponse.headers().firstValue("ETag")).isPresent();

      PresignedGetObjectRequest get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(r -> r.bucket("web").key("presigned/ä b.txt")));
      HttpResponse<String> getResponse = t.http.send(HttpRequest.newBuilder(get.url().toURI()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(getResponse.statusCode()).isEqualTo(200);
      assertThat(getResponse.body()).isEqualTo("via presigned put");

      String tampered = get.url().toString().replace("presigned/", "presigned2/");
      assertThat(t.http.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(403);
    }
  }

  @Test
  void doesStoreFormUpload_whenPolicyIsSigned() throws Exception {
    String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now());
    String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    String credential = S3TestServer.APP_ID + "/" + date + "/us-east-1/s3/aws4_request";
    String policy = """
        {"expiration": "%s", "conditions": [
          {"bucket": "%s"}, ["starts-with", "$key", "uploads/"], ["content-length-range", 1, 1048576],
          {"success_action_status": "201"}, ["starts-with", "$Content-Type", "image/"],
          {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "%s"}, {"x-amz-date": "%s"},
          ["starts-with", "$x-amz-meta-owner", ""]]}
        """.formatted(Instant.now().plusSeconds(600), S3TestServer.APP_BUCKET, credential, amzDate);
    String policyBase64 = Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8));
    String signature = HexFormat.of().formatHex(hmac(signingKey(S3TestServer.APP_SECRET, date), policyBase64));

    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("key", "uploads/${filename}");
    fields.put("Content-Type", "image/png");
    fields.put("success_action_status", "201");
    fields.put("x-amz-meta-owner", "ada");
    fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
    fields.put("x-amz-credential", credential);
    fields.put("x-amz-date", amzDate);
    fields.put("policy", policyBase64);
    fields.put("x-amz-signature", signature);

    HttpResponse<String> response = postForm(fields, "cat.png", "PNG\r\n--not-a-boundary\r\nbytes");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).contains("<Key>uploads/cat.png</Key>").contains("<Bucket>app-bucket</Bucket>");
    var stored = s3.getObjectAsBytes(b -> b.bucket(S3TestServer.APP_BUCKET).key("uploads/cat.png"));
    assertThat(stored.asUtf8String()).isEqualTo("PNG\r\n--not-a-boundary\r\nbytes");
    assertThat(stored.response().contentType()).isEqualTo("image/png");
    assertThat(stored.response().metadata()).containsEntry("owner", "ada");
    assertThat(t.events.forKey("uploads/cat.png")).extracting(S3TestServer.RecordingEvents.Event::name)
        .containsExactly("ObjectCreated:Post");

    fields.put("key", "elsewhere/${filename}");
    assertThat(postForm(fields, "cat.png", "x").statusCode()).isEqualTo(403);
    fields.put("key", "uploads/${filename}");
    fields.put("x-amz-signature", "0".repeat(64));
    HttpResponse<String> forged = postForm(fields, "cat.png", "x");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("SignatureDoesNotMatch");
  }

  private static HttpResponse<String> postForm(Map<String, String> fields, String filename, String content) throws Exception {
    String boundary = "----cumulo-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
          + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")
        .getBytes(StandardCharsets.UTF_8));
    return t.http.send(HttpRequest.newBuilder(URI.create(t.server.uri() + "/" + S3TestServer.APP_BUCKET))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] signingKey(String secret, String date) throws Exception {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, "us-east-1");
    key = hmac(key, "s3");
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
