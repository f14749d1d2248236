package io.cumulo.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the aws-chunked decoder. Any body must decode or fail with a 4xx {@link StorageException},
 * never another exception or a hang; and a valid encoding of any payload, in every mode and cut
 * into any chunk sizes, must decode to exactly that payload.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the seeds under {@code AwsChunkedFuzzTestInputs}.
 */
class AwsChunkedFuzzTest {
  /** Bounds the work per input, so a slow path shows up as slow rather than as a time-out. */
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String AMZ_DATE = "20250101T000000Z";
  private static final String SCOPE = "20250101/us-east-1/s3/aws4_request";
  private static final byte[] SIGNING_KEY = SigV4Signing.signingKey("secret", "20250101", "us-east-1");
  private static final String SEED_SIGNATURE = "0".repeat(64);

  @FuzzTest(maxDuration = "2m")
  void decodesOrRefuses_whenBodyIsArbitrary(FuzzedDataProvider data) throws IOException {
    int mode = data.consumeInt(0, 3);
    long declared = data.consumeBoolean() ? data.consumeLong(-1, MAX_BODY_BYTES) : -1;
    List<String> trailers = mode >= 2 ? List.of(data.pickValue(TrailingChecksum.SUPPORTED.stream().sorted().toList())) : List.of();
    byte[] body = data.consumeRemainingAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      return;
    }
    ChunkSignatureChain chain = mode == 1 || mode == 2 ? newChain() : null;
    AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), chain, mode >= 2, trailers, declared);
    try {
      byte[] decoded = readMixed(in);
      assertThat(decoded.length).isLessThanOrEqualTo(body.length);
      if (declared >= 0) {
        assertThat(decoded).hasSize((int) declared);
      }
    } catch (StorageException e) {
      assertThat(e.httpStatus()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "2m")
  void decodesToPayload_whenEncodingIsValid(FuzzedDataProvider data) throws IOException {
    boolean signed = data.consumeBoolean();
    String trailer = data.consumeBoolean() ? data.pickValue(TrailingChecksum.SUPPORTED.stream().sorted().toList()) : null;
    boolean announceLength = data.consumeBoolean();
    List<Integer> chunkSizes = new ArrayList<>();
    for (int i = data.consumeInt(0, 8); i > 0; i--) {
      chunkSizes.add(data.consumeInt(1, 5000));
    }
    byte[] payload = data.consumeRemainingAsBytes();
    if (payload.length > MAX_BODY_BYTES) {
      return;
    }
    byte[] body = TinyChunkedEncoder.encode(payload, chunkSizes, signed ? newSigner() : null, trailer);
    AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), signed ? newChain() : null,
        trailer != null, trailer == null ? List.of() : List.of(trailer), announceLength ? payload.length : -1);
    assertThat(readMixed(in)).isEqualTo(payload);
    if (trailer != null) {
      assertThat(in.trailingChecksums()).containsEntry(trailer, TinyChunkedEncoder.checksum(trailer, payload));
    }
  }

  private static ChunkSignatureChain newChain() {
    return new ChunkSignatureChain(SIGNING_KEY, AMZ_DATE, SCOPE, SEED_SIGNATURE);
  }

  private static TinyChunkedEncoder.Signer newSigner() {
    return new TinyChunkedEncoder.Signer() {
      private String previous = SEED_SIGNATURE;

      @Override
      public String chunk(byte[] data) {
        previous = SigV4Signing.signature(SIGNING_KEY, "AWS4-HMAC-SHA256-PAYLOAD\n" + AMZ_DATE + "\n" + SCOPE + "\n"
            + previous + "\n" + SigV4Signing.EMPTY_SHA256 + "\n" + SigV4Signing.sha256Hex(data));
        return previous;
      }

      @Override
      public String trailer(String canonical) {
        return SigV4Signing.signature(SIGNING_KEY, "AWS4-HMAC-SHA256-TRAILER\n" + AMZ_DATE + "\n" + SCOPE + "\n"
            + previous + "\n" + SigV4Signing.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)));
      }
    };
  }

  /** Reads with single-byte, small and large reads in turn, so framing splits across every kind of read. */
  private static byte[] readMixed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[40_000];
    for (int i = 0; ; i++) {
      if (i % 3 == 0) {
        int b = in.read();
        if (b < 0) {
          return out.toByteArray();
        }
        out.write(b);
      } else {
        int n = in.read(buffer, 0, i % 3 == 1 ? 7 : buffer.length);
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buffer, 0, n);
      }
    }
  }
}
