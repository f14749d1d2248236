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
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
}
