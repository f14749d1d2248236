package io.cumulo.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigV4VerifierTest {
  static final String ID = "AKIDCUMULOTEST000001";
  static final String SECRET = "s3cr3t/Key+with=chars0123456789abcdefghij";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final AccessKey KEY = new AccessKey(ID, SECRET, null, "root");
  static final CredentialStore STORE = id -> id.equals(ID) ? Optional.of(KEY) : Optional.empty();

  final SigV4Verifier verifier = new SigV4Verifier(STORE, InstantSource.fixed(NOW));

  static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  static void assertS3Error(ThrowingCallable call, int status, String code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StorageException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.httpStatus()).isEqualTo(status);
    });
  }

  @Test
  void acceptsGet_whenSignedInHeaderBySdk() {
    var signed = SdkSigner.sign("GET", "/bucket/photo.jpg", null, null, ID, SECRET, NOW, SdkSigner.Options.hexPayload());

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(auth.key()).isEqualTo(KEY);
    assertThat(auth.decodedContentLength()).isEqualTo(-1);
  }

  @Test
  void passesBodyThrough_whenPutSignedWithHexPayloadHash() throws IOException {
    byte[] body = "hello, cumulo".getBytes(StandardCharsets.UTF_8);
    var signed = SdkSigner.sign("PUT", "/bucket/a.txt", null, body, ID, SECRET, NOW, SdkSigner.Options.hexPayload());

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(readAll(auth.body(new ByteArrayInputStream(signed.body())))).isEqualTo(body);
  }

  @Test
  void failsAtEndOfBody_whenBodyIsNotTheSignedOne() {
    byte[] body = "hello, cumulo".getBytes(StandardCharsets.UTF_8);
    var signed = SdkSigner.sign("PUT", "/bucket/a.txt", null, body, ID, SECRET, NOW, SdkSigner.Options.hexPayload());
    Authenticated auth = verifier.authenticate(signed.request());

    InputStream in = auth.body(new ByteArrayInputStream("hello, cumulO".getBytes(StandardCharsets.UTF_8)));

    assertS3Error(() -> readAll(in), 400, "XAmzContentSHA256Mismatch");
  }

  @Test
  void passesBodyThrough_whenPayloadUnsigned() throws IOException {
    byte[] body = "anything".getBytes(StandardCharsets.UTF_8);
    var signed = SdkSigner.sign("PUT", "/bucket/a.txt", null, body, ID, SECRET, NOW, SdkSigner.Options.unsignedPayload());
    assertThat(signed.request().header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(readAll(auth.body(new ByteArrayInputStream(body)))).isEqualTo(body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bucket/a%20b%20c.txt", "/bucket/caf%C3%A9/%E6%97%A5%E6%9C%AC.jpg", "/bucket/a%2Bb%3Dc~d.txt",
      "/bucket/dir/sub/%21%27%28%29%2A.txt", "/bucket/emoji%F0%9F%98%80"})
  void acceptsRequest_whenKeyHasSpecialCharacters(String path) {
    var signed = SdkSigner.sign("GET", path, null, null, ID, SECRET, NOW, SdkSigner.Options.hexPayload());

    assertThat(verifier.authenticate(signed.request()).key()).isEqualTo(KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"list-type=2&prefix=a%20b%2Bc&delimiter=%2F", "uploads", "uploadId=abc%3D%3D&partNumber=3",
      "prefix=%E6%97%A5&max-keys=10&continuation-token=x~y_z.-", "acl=&versioning"})
  void acceptsRequest_whenQueryHasSpecialCharacters(String query) {
    var signed = SdkSigner.sign("GET", "/bucket", query, null, ID, SECRET, NOW, SdkSigner.Options.hexPayload());

    assertThat(verifier.authenticate(signed.request()).key()).isEqualTo(KEY);
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenSecretIsWrong() {
    var signed = SdkSigner.sign("GET", "/bucket/k", null, null, ID, SECRET + "x", NOW, SdkSigner.Options.hexPayload());

    assertS3Error(() -> verifier.authenticate(signed.request()), 403, "SignatureDoesNotMatch");
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenPathWasChanged() {
    var signed = SdkSigner.sign("GET", "/bucket/k", null, null, ID, SECRET, NOW, SdkSigner.Options.hexPayload());
    S3Request r = signed.request();
    S3Request tampered = new S3Request(r.method(), "/bucket/other", r.rawQuery(), r.headers(), r.host());

    assertS3Error(() -> verifier.authenticate(tampered), 403, "SignatureDoesNotMatch");
  }

  @Test
  void rejectsInvalidAccessKeyId_whenKeyIsUnknown() {
    var signed = SdkSigner.sign("GET", "/bucket/k", null, null, "AKIDUNKNOWN000000000", SECRET, NOW, SdkSigner.Options.hexPayload());

    assertS3Error(() -> verifier.authenticate(signed.request()), 403, "InvalidAccessKeyId");
  }

  @ParameterizedTest
  @ValueSource(longs = {-16, 16, 60 * 24})
  void rejectsRequestTimeTooSkewed_whenClockDiffersByMoreThan15Minutes(long minutes) {
    var signed = SdkSigner.sign("GET", "/bucket/k", null, null, ID, SECRET, NOW.plus(Duration.ofMinutes(minutes)),
        SdkSigner.Options.hexPayload());

    assertS3Error(() -> verifier.authenticate(signed.request()), 403, "RequestTimeTooSkewed");
  }

  @Test
  void acceptsRequest_whenClockDiffersByLessThan15Minutes() {
    var signed = SdkSigner.sign("GET", "/bucket/k", null, null, ID, SECRET, NOW.minus(Duration.ofMinutes(14)),
        SdkSigner.Options.hexPayload());

    assertThat(verifier.authenticate(signed.request()).key()).isEqualTo(KEY);
  }

  @Test
  void rejectsAccessDenied_whenRequestIsAnonymous() {
    S3Request anonymous = new S3Request("GET", "/bucket/k", null, Map.of(), "localhost:9000");

    assertS3Error(() -> verifier.authenticate(anonymous), 403, "AccessDenied");
  }

  /** The example from the S3 documentation, "Example: GET Object" (header signature). */
  @Test
  void acceptsAwsPublishedExample_whenGetObjectSignedInHeader() {
    CredentialStore example = id -> Optional.of(new AccessKey("AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "root"));
    String host = "examplebucket.s3.amazonaws.com";
    S3Request request = new S3Request("GET", "/test.txt", null, Map.of(
        "host", List.of(host),
        "range", List.of("bytes=0-9"),
        "x-amz-content-sha256", List.of(SigV4Signing.EMPTY_SHA256),
        "x-amz-date", List.of("20130524T000000Z"),
        "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")), host);

    var verifier = new SigV4Verifier(example, InstantSource.fixed(Instant.parse("2013-05-24T00:05:00Z")));

    assertThat(verifier.authenticate(request).key().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  static Stream<Arguments> malformedRequests() {
    String cred = "Credential=" + ID + "/20260301/us-east-1/s3/aws4_request";
    String sh = "SignedHeaders=host;x-amz-content-sha256;x-amz-date";
    String sig = "Signature=" + "0".repeat(64);
    return Stream.of(
        Arguments.of("AWS4-HMAC-SHA512 " + cred + ", " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS AKID:c2lnbmF0dXJl", null, 400, "InvalidRequest"),
        Arguments.of("AWS4-HMAC-SHA256 " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + cred + ", " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=" + ID + "/20260301/us-east-1/s3, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=" + ID + "/20260301/us-east-1/sqs/aws4_request, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=" + ID + "/2026-03-01/us-east-1/s3/aws4_request, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=" + ID + "/20260301/us-east-1/s3/aws5_request, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=/20260301/us-east-1/s3/aws4_request, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=" + ID + "/20260228/us-east-1/s3/aws4_request, " + sh + ", " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=x-amz-date, " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=Host;X-Amz-Date, " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", Signature=xyz", null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", Foo=bar, " + sig, null, 400, "AuthorizationHeaderMalformed"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", " + sig, "not-a-hash", 400, "InvalidArgument"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", " + sig, "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", 501, "NotImplemented"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", " + sig, "", 400, "InvalidRequest"),
        Arguments.of("AWS4-HMAC-SHA256 Credential=AKIDNOSUCHKEY/20260301/us-east-1/s3/aws4_request, " + sh + ", " + sig, null, 403, "InvalidAccessKeyId"),
        Arguments.of("AWS4-HMAC-SHA256 " + cred + ", " + sh + ", " + sig, null, 403, "SignatureDoesNotMatch"));
  }

  /** {@code payloadHash} null: UNSIGNED-PAYLOAD; empty: header missing. */
  @ParameterizedTest
  @MethodSource("malformedRequests")
  void rejectsWithS3Code_whenAuthorizationIsMalformed(String authorization, String payloadHash, int status, String code) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("authorization", List.of(authorization));
    headers.put("x-amz-date", List.of("20260301T120000Z"));
    if (payloadHash == null || !payloadHash.isEmpty()) {
      headers.put("x-amz-content-sha256", List.of(payloadHash == null ? "UNSIGNED-PAYLOAD" : payloadHash));
    }

    assertS3Error(() -> verifier.authenticate(new S3Request("GET", "/bucket/k", null, headers, "localhost:9000")), status, code);
  }

  static Stream<Arguments> malformedPresignedQueries() {
    String valid = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + ID + "%2F20260301%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20260301T120000Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0".repeat(64);
    return Stream.of(
        Arguments.of(valid.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("&X-Amz-Date=20260301T120000Z", ""), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("X-Amz-Expires=600", "X-Amz-Expires=604801"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("X-Amz-Expires=600", "X-Amz-Expires=0"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("X-Amz-Expires=600", "X-Amz-Expires=ten"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("X-Amz-Date=20260301T120000Z", "X-Amz-Date=2026-03-01"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("%2Fs3%2F", "%2Fec2%2F"), "AuthorizationQueryParametersError"),
        Arguments.of(valid.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=range"), "AuthorizationQueryParametersError"));
  }

  @ParameterizedTest
  @MethodSource("malformedPresignedQueries")
  void rejectsWithS3Code_whenPresignedQueryIsMalformed(String query, String code) {
    S3Request request = new S3Request("GET", "/bucket/k", query, Map.of(), "localhost:9000");

    assertS3Error(() -> verifier.authenticate(request), 400, code);
  }

  @Test
  void rejectsInvalidArgument_whenHeaderAndQueryBothCarrySignatures() {
    var signed = SdkSigner.sign("GET", "/bucket/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256", null, ID, SECRET, NOW,
        SdkSigner.Options.hexPayload());

    assertS3Error(() -> verifier.authenticate(signed.request()), 400, "InvalidArgument");
  }
}
