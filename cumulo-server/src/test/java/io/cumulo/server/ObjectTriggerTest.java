package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.storage.auth.AccessKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Uploads through the S3 API (the real AWS SDK) that trigger functions, end to end. */
@Timeout(60)
class ObjectTriggerTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private S3Client s3;

  private static final String APP = "name: pics\nbuckets: [pics-in, pics-out]\nfunctions:\n"
      + function("mark", "MarkObject", "env:", "  MARK_BUCKET: pics-out", "triggers:",
          "  - bucket: pics-in", "    events: [ObjectCreated, ObjectRemoved]", "    suffix: .jpg")
      + function("peek", "ReadOtherBucket");

  private S3Client client(AccessKey key) {
    return S3Client.builder()
        .endpointOverride(server.server().s3Uri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(key.accessKeyId(), key.secretKey())))
        .build();
  }

  @AfterEach
  void closeClient() {
    if (s3 != null) {
      s3.close();
    }
  }

  private String awaitObject(String bucket, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
      } catch (NoSuchKeyException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no " + bucket + "/" + key + " after 20 s", e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          throw new AssertionError(interrupted);
        }
      }
    }
  }

  @Test
  void runsTheTriggeredFunction_whenAnSdkUploadMatchesTheTrigger() {
    server.deploy(APP);
    s3 = client(server.server().rootKey());

    s3.putObject(b -> b.bucket("pics-in").key("holiday/beach photo.jpg").contentType("image/jpeg"),
        RequestBody.fromString("not really a jpeg"));
    s3.putObject(b -> b.bucket("pics-in").key("notes.txt"), RequestBody.fromString("ignored"));

    assertThat(awaitObject("pics-out", "seen/holiday/beach photo.jpg")).isEqualTo("ObjectCreated:Put");
    String logs = server.get("/admin/v1/functions/pics/mark/logs").body();
    assertThat(logs).contains("ObjectCreated:Put pics-in/holiday/beach photo.jpg 17");
    assertThat(logs).doesNotContain("notes.txt");

    s3.deleteObject(b -> b.bucket("pics-out").key("seen/holiday/beach photo.jpg"));
    s3.deleteObject(b -> b.bucket("pics-in").key("holiday/beach photo.jpg"));
    assertThat(awaitObject("pics-out", "seen/holiday/beach photo.jpg")).isEqualTo("ObjectRemoved:Delete");
  }

  @Test
  void runsTheFunction_namedInANotificationConfigurationSetThroughTheS3Api() {
    server.deploy(APP);
    s3 = client(server.server().rootKey());
    s3.createBucket(b -> b.bucket("plain"));
    s3.putBucketNotificationConfiguration(b -> b.bucket("plain").notificationConfiguration(n -> n
        .lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder()
            .id("to-mark")
            .lambdaFunctionArn("arn:aws:lambda:us-east-1:000000000000:function:pics/mark")
            .events(Event.S3_OBJECT_CREATED)
            .build())));

    s3.putObject(b -> b.bucket("plain").key("x.jpg"), RequestBody.fromString("abc"));

    assertThat(awaitObject("pics-out", "seen/x.jpg")).isEqualTo("ObjectCreated:Put");
  }

  @Test
  void limitsAnAppsKeyAndItsFunctions_toTheAppsBuckets() {
    server.deploy(APP);
    s3 = client(server.server().rootKey());
    s3.createBucket(b -> b.bucket("secret"));
    s3.putObject(b -> b.bucket("secret").key("k"), RequestBody.fromString("private"));
    AccessKey appKey = server.server().appKey("pics").orElseThrow();

    try (S3Client app = client(appKey)) {
      app.putObject(b -> b.bucket("pics-out").key("ok"), RequestBody.fromString("fine"));
      assertThatThrownBy(() -> app.getObjectAsBytes(b -> b.bucket("secret").key("k")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          });
    }
    HttpResponse<String> peek = server.invoke("pics/peek", "{\"bucket\":\"secret\",\"key\":\"k\"}");
    assertThat(RunningServer.json(peek).get("code").asText()).isEqualTo("AccessDenied");
    HttpResponse<String> own = server.invoke("pics/peek", "{\"bucket\":\"pics-out\",\"key\":\"ok\"}");
    assertThat(RunningServer.json(own).get("bytes").asInt()).isEqualTo("fine".getBytes(StandardCharsets.UTF_8).length);
  }
}
