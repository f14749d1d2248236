package io.cumulo.storage.auth;

import static io.cumulo.storage.auth.SigV4VerifierTest.ID;
import static io.cumulo.storage.auth.SigV4VerifierTest.KEY;
import static io.cumulo.storage.auth.SigV4VerifierTest.NOW;
import static io.cumulo.storage.auth.SigV4VerifierTest.SECRET;
import static io.cumulo.storage.auth.SigV4VerifierTest.STORE;
import static io.cumulo.storage.auth.SigV4VerifierTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

class SigV4PresignedTest {
  static SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier(STORE, InstantSource.fixed(now));
  }

  static S3Request fromUri(String method, URI uri) {
    String host = SigV4Presigner.hostHeader(uri);
    return new S3Request(method, uri.getRawPath(), uri.getRawQuery(), Map.of("host", List.of(host)), host);
  }

  static S3Request presignedBySdk(String path, Duration expires) {
    return SdkSigner.sign("GET", path, null, null, ID, SECRET, NOW, SdkSigner.Options.presigned(expires)).request();
  }

  @Test
  void acceptsPresignedGet_whenSignedBySdkAndValid() {
    S3Request request = presignedBySdk("/bucket/a%20b/caf%C3%A9%2B%3D~.jpg", Duration.ofMinutes(10));
    assertThat(request.rawQuery()).contains("X-Amz-Signature=");

    Authenticated auth = verifierAt(NOW.plus(Duration.ofMinutes(9))).authenticate(request);

    assertThat(auth.key()).isEqualTo(KEY);
  }

  @Test
  void rejectsAccessDenied_whenPresignedUrlExpired() {
    S3Request request = presignedBySdk("/bucket/k", Duration.ofMinutes(10));

    assertThatThrownBy(() -> verifierAt(NOW.plus(Duration.ofMinutes(11))).authenticate(request))
        .hasMessage("Request has expired");
    assertS3Error(() -> verifierAt(NOW.plus(Duration.ofMinutes(11))).authenticate(request), 403, "AccessDenied");
  }

  @Test
  void rejectsAccessDenied_whenPresignedUrlNotYetValid() {
    S3Request request = presignedBySdk("/bucket/k", Duration.ofMinutes(10));

    assertS3Error(() -> verifierAt(NOW.minus(Duration.ofMinutes(20))).authenticate(request), 403, "AccessDenied");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Amz-Expires=600", "X-Amz-Date=", "bucket"})
  void rejectsSignatureDoesNotMatch_whenPresignedQueryIsTampered(String part) {
    S3Request request = presignedBySdk("/bucket/k", Duration.ofMinutes(10));
    String query = switch (part) {
      case "X-Amz-Expires=600" -> request.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=6000");
      case "X-Amz-Date=" -> request.rawQuery() + "&versionId=other";
      default -> request.rawQuery();
    };
    String path = part.equals("bucket") ? "/bucket/other" : request.rawPath();
    S3Request tampered = new S3Request("GET", path, query, request.headers(), request.host());

    assertS3Error(() -> verifierAt(NOW).authenticate(tampered), 403, "SignatureDoesNotMatch");
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenPresignedGetIsUsedForPut() {
    S3Request request = presignedBySdk("/bucket/k", Duration.ofMinutes(10));
    S3Request put = new S3Request("PUT", request.rawPath(), request.rawQuery(), request.headers(), request.host());

    assertS3Error(() -> verifierAt(NOW).authenticate(put), 403, "SignatureDoesNotMatch");
  }

  @Test
  void acceptsUrl_whenPresignedByTheSdkS3Presigner() {
    try (S3Presigner presigner = S3Presigner.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://localhost:9000"))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ID, SECRET)))
        .build()) {
      PresignedGetObjectRequest presigned = presigner.presignGetObject(p -> p
          .signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("bucket").key("photos/a b+c=d~é.jpg")));

      S3Request request = fromUri("GET", URI.create(presigned.url().toString()));

      assertThat(new SigV4Verifier(STORE, InstantSource.system()).authenticate(request).key()).isEqualTo(KEY);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT"})
  void acceptsOwnPresignedUrl_whenUsedWithinItsLifetime(String method) {
    URI uri = new SigV4Presigner().presign(method, URI.create("http://localhost:9000"), "photos", "2026/a b+c=d~é.jpg",
        Duration.ofMinutes(15), KEY, NOW);

    assertThat(uri.toString()).startsWith("http://localhost:9000/photos/2026/a%20b%2Bc%3Dd~%C3%A9.jpg?X-Amz-Algorithm=");
    assertThat(verifierAt(NOW.plus(Duration.ofMinutes(14))).authenticate(fromUri(method, uri)).key()).isEqualTo(KEY);
    assertThatThrownBy(() -> verifierAt(NOW.plus(Duration.ofMinutes(16))).authenticate(fromUri(method, uri)))
        .hasMessage("Request has expired");
  }

  @Test
  void signsLikeTheSdk_whenPresigningTheSameRequest() {
    URI ours = new SigV4Presigner().presign("GET", URI.create("https://localhost:9000"), "bucket", "k/x y.txt",
        Duration.ofSeconds(600), KEY, NOW);
    S3Request sdk = presignedBySdk("/bucket/k/x%20y.txt", Duration.ofSeconds(600));

    assertThat(signature(ours.getRawQuery())).isEqualTo(signature(sdk.rawQuery()));
  }

  @Test
  void rejectsExpiry_whenOutsideOneSecondToSevenDays() {
    var presigner = new SigV4Presigner();
    URI endpoint = URI.create("http://localhost:9000");

    assertThatThrownBy(() -> presigner.presign("GET", endpoint, "b", "k", Duration.ofDays(8), KEY, NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> presigner.presign("GET", endpoint, "b", "k", Duration.ZERO, KEY, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The example from the S3 documentation, "Authenticating Requests: Using Query Parameters". */
  @Test
  void acceptsAwsPublishedExample_whenPresignedGetObject() {
    CredentialStore example = id -> Optional.of(new AccessKey("AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "root"));
    String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    String host = "examplebucket.s3.amazonaws.com";
    S3Request request = new S3Request("GET", "/test.txt", query, Map.of("host", List.of(host)), host);

    var verifier = new SigV4Verifier(example, InstantSource.fixed(Instant.parse("2013-05-24T01:00:00Z")));

    assertThat(verifier.authenticate(request).key().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  private static String signature(String rawQuery) {
    return rawQuery.substring(rawQuery.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length()).split("&")[0];
  }
}
