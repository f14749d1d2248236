package io.cumulo.storage.s3;

import static io.cumulo.storage.s3.S3DocumentFuzzTest.expectParsedOrRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cumulo.core.storage.ByteRange;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.S3Request;
import io.cumulo.storage.auth.SigV4Verifier;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes what the S3 front reads from a request line and headers: the addressed bucket and key,
 * Range and copy-source headers, part numbers and the SigV4 Authorization header and presigned
 * query. Each must resolve to something valid or fail with a 4xx {@link
 * io.cumulo.core.storage.StorageException}, nothing else.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the seeds under {@code S3RequestFuzzTestInputs}.
 */
class S3RequestFuzzTest {
  private static final String KEY_ID = "FUZZKEYID00000000001";
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final SigV4Verifier VERIFIER = new SigV4Verifier(
      id -> id.equals(KEY_ID) ? Optional.of(new AccessKey(KEY_ID, "fuzz-secret", null, "fuzz")) : Optional.empty(),
      InstantSource.fixed(NOW));

  @FuzzTest(maxDuration = "2m")
  void resolvesOrRefuses_whenAddressAndHeadersAreArbitrary(FuzzedDataProvider data) {
    long size = data.consumeLong(0, Long.MAX_VALUE / 2);
    String range = data.consumeString(300);
    String copyRange = data.consumeString(100);
    String copySource = data.consumeString(300);
    String partNumber = data.consumeString(20);
    String host = data.consumeString(100);
    String path = data.consumeRemainingAsString();
    expectParsedOrRefused(() -> {
      ByteRange resolved = RangeHeader.resolve(range, size);
      if (resolved != null) {
        assertThat(resolved.last()).isLessThan(size);
      }
    });
    expectParsedOrRefused(() -> {
      ByteRange resolved = MultipartOperations.copyRange(copyRange, size);
      if (resolved != null) {
        assertThat(resolved.last()).isLessThan(size);
      }
    });
    expectParsedOrRefused(() -> CopySource.parse(copySource));
    expectParsedOrRefused(() -> assertThat(MultipartOperations.partNumber(partNumber)).isBetween(1, 10_000));
    expectParsedOrRefused(() -> {
      S3Address address = S3Address.resolve(path, host, "s3.localhost");
      assertThat(address.key()).isNotEqualTo("");
    });
  }

  @FuzzTest(maxDuration = "2m")
  void authenticatesOrRefuses_whenSignatureIsArbitrary(FuzzedDataProvider data) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (data.consumeBoolean()) {
      headers.put("authorization", List.of(data.consumeString(2000)));
    }
    headers.put("x-amz-date", List.of(data.consumeBoolean() ? "20250101T000000Z" : data.consumeString(40)));
    headers.put("x-amz-content-sha256", List.of(data.pickValue(List.of("UNSIGNED-PAYLOAD",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        data.consumeString(80)))));
    if (data.consumeBoolean()) {
      headers.put("x-amz-decoded-content-length", List.of(data.consumeString(30)));
      headers.put("x-amz-trailer", List.of(data.consumeString(60)));
    }
    String method = data.pickValue(List.of("GET", "PUT", "POST", "DELETE", "HEAD"));
    String path = "/" + data.consumeString(200);
    String query = data.consumeRemainingAsString();
    expectParsedOrRefused(() -> VERIFIER.authenticate(new S3Request(method, path, query.isEmpty() ? null : query, headers,
        "localhost:9000")));
  }
}
