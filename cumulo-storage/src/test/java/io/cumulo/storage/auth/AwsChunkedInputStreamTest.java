package io.cumulo.storage.auth;

import static io.cumulo.storage.auth.SigV4VerifierTest.ID;
import static io.cumulo.storage.auth.SigV4VerifierTest.NOW;
import static io.cumulo.storage.auth.SigV4VerifierTest.SECRET;
import static io.cumulo.storage.auth.SigV4VerifierTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

class AwsChunkedInputStreamTest {
  final SigV4Verifier verifier = new SigV4Verifier(
      id -> id.equals(ID) ? Optional.of(SigV4VerifierTest.KEY) : Optional.empty(), InstantSource.fixed(NOW));

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  /** Hands out at most a few bytes per read, so framing is split across every boundary. */
  static InputStream trickle(byte[] bytes) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }

  /** Reads with a mix of single-byte, small and large reads. */
  static byte[] readMixed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] big = new byte[100_000];
    for (int i = 0; ; i++) {
      if (i % 3 == 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      } else {
        int n = in.read(big, 0, i % 3 == 1 ? 13 : big.length);
        if (n < 0) {
          break;
        }
        out.write(big, 0, n);
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_536, 200 * 1024, 300_001})
  void decodesBodyByteExact_whenChunksAreSignedBySdk(int size) throws IOException {
    byte[] body = randomBytes(size);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(null));
    assertThat(signed.request().header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(auth.chunked()).isTrue();
    assertThat(auth.decodedContentLength()).isEqualTo(size);
    assertThat(auth.body(new ByteArrayInputStream(signed.body())).readAllBytes()).isEqualTo(body);
  }

  @Test
  void decodesBody_whenReadInPiecesFromATrickle() throws IOException {
    byte[] body = randomBytes(300_001);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(null));

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(readMixed(auth.body(trickle(signed.body())))).isEqualTo(body);
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenAChunkByteIsTampered() {
    byte[] body = randomBytes(200 * 1024);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(null));
    byte[] wire = signed.body().clone();
    wire[wire.length / 2] ^= 1;

    Authenticated auth = verifier.authenticate(signed.request());

    assertS3Error(() -> auth.body(new ByteArrayInputStream(wire)).readAllBytes(), 403, "SignatureDoesNotMatch");
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenChunksAreSignedWithAnotherSeed() {
    byte[] body = randomBytes(1000);
    var first = SdkSigner.sign("PUT", "/bucket/a", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(null));
    var second = SdkSigner.sign("PUT", "/bucket/b", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(null));

    Authenticated auth = verifier.authenticate(second.request());

    assertS3Error(() -> auth.body(new ByteArrayInputStream(first.body())).readAllBytes(), 403, "SignatureDoesNotMatch");
  }

  static Stream<Arguments> checksums() {
    return Stream.of(
        Arguments.of(DefaultChecksumAlgorithm.CRC32, "x-amz-checksum-crc32", new CRC32()),
        Arguments.of(DefaultChecksumAlgorithm.CRC32C, "x-amz-checksum-crc32c", new CRC32C()));
  }

  static String base64Crc(Checksum crc, byte[] body) {
    crc.update(body);
    long v = crc.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  @ParameterizedTest
  @MethodSource("checksums")
  void exposesVerifiedChecksum_whenUnsignedChunksHaveTrailer(ChecksumAlgorithm algorithm, String trailer, Checksum crc)
      throws IOException {
    byte[] body = randomBytes(200 * 1024);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.unsignedChunks(algorithm));
    assertThat(signed.request().header("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    Authenticated auth = verifier.authenticate(signed.request());
    InputStream in = auth.body(trickle(signed.body()));

    assertThat(auth.trailingChecksums()).isEmpty();
    assertThat(readMixed(in)).isEqualTo(body);
    assertThat(auth.trailingChecksums()).containsExactly(java.util.Map.entry(trailer, base64Crc(crc, body)));
  }

  @ParameterizedTest
  @MethodSource("checksums")
  void rejectsBadDigest_whenUnsignedChunkDataDoNotMatchTrailer(ChecksumAlgorithm algorithm) {
    byte[] body = randomBytes(200 * 1024);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.unsignedChunks(algorithm));
    byte[] wire = signed.body().clone();
    wire[wire.length / 2] ^= 1;

    Authenticated auth = verifier.authenticate(signed.request());

    assertS3Error(() -> auth.body(new ByteArrayInputStream(wire)).readAllBytes(), 400, "BadDigest");
  }

  @ParameterizedTest
  @MethodSource("checksums")
  void decodesBodyAndChecksum_whenChunksAndTrailerAreSigned(ChecksumAlgorithm algorithm, String trailer, Checksum crc)
      throws IOException {
    byte[] body = randomBytes(150_000);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW, SdkSigner.Options.signedChunks(algorithm));
    assertThat(signed.request().header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

    Authenticated auth = verifier.authenticate(signed.request());

    assertThat(auth.body(new ByteArrayInputStream(signed.body())).readAllBytes()).isEqualTo(body);
    assertThat(auth.trailingChecksums()).containsExactly(java.util.Map.entry(trailer, base64Crc(crc, body)));
  }

  @Test
  void rejectsSignatureDoesNotMatch_whenSignedTrailerIsTampered() {
    byte[] body = randomBytes(1000);
    var signed = SdkSigner.sign("PUT", "/bucket/big.bin", null, body, ID, SECRET, NOW,
        SdkSigner.Options.signedChunks(DefaultChecksumAlgorithm.CRC32));
    String wire = new String(signed.body(), StandardCharsets.ISO_8859_1);
    int at = wire.indexOf("x-amz-checksum-crc32:") + "x-amz-checksum-crc32:".length();
    char replaced = wire.charAt(at) == 'A' ? 'B' : 'A';
    byte[] tampered = (wire.substring(0, at) + replaced + wire.substring(at + 1)).getBytes(StandardCharsets.ISO_8859_1);

    Authenticated auth = verifier.authenticate(signed.request());

    assertS3Error(() -> auth.body(new ByteArrayInputStream(tampered)).readAllBytes(), 403, "SignatureDoesNotMatch");
  }

  static Stream<Arguments> malformedBodies() {
    String crcOfAbc = base64Crc(new CRC32(), "abc".getBytes(StandardCharsets.US_ASCII));
    String trailer = "x-amz-checksum-crc32:" + crcOfAbc + "\r\n\r\n";
    return Stream.of(
        Arguments.of("3\r\nabc\r\n0\r\n" + trailer, 3, null),
        Arguments.of("zz\r\nabc\r\n0\r\n" + trailer, 3, "InvalidChunkSizeError"),
        Arguments.of("\r\nabc\r\n0\r\n" + trailer, 3, "InvalidChunkSizeError"),
        Arguments.of("2000000\r\nabc", 3, "InvalidChunkSizeError"),
        Arguments.of("3" + "0".repeat(5000) + "\r\nabc\r\n0\r\n" + trailer, 3, "InvalidChunkSizeError"),
        Arguments.of("3\r\nabc", 3, "IncompleteBody"),
        Arguments.of("3\r\nab", 3, "IncompleteBody"),
        Arguments.of("2\r\nabc\r\n0\r\n" + trailer, 3, "IncompleteBody"),
        Arguments.of("3\r\nabc\r\n", 3, "IncompleteBody"),
        Arguments.of("3\r\nabc\r\n0\r\n" + trailer, 4, "IncompleteBody"),
        Arguments.of("3\r\nabc\r\n0\r\n" + trailer, 2, "IncompleteBody"),
        Arguments.of("3\r\nabc\r\n0\r\n\r\n", 3, "MalformedTrailerError"),
        Arguments.of("3\r\nabc\r\n0\r\nx-amz-checksum-sha1:AAAA\r\n" + trailer, 3, "MalformedTrailerError"),
        Arguments.of("3\r\nabc\r\n0\r\nnot a trailer\r\n\r\n", 3, "MalformedTrailerError"),
        Arguments.of("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", 3, "BadDigest"));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void reportsClearError_whenUnsignedChunkedBodyIsMalformed(String wire, long decodedLength, String code) throws IOException {
    InputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)),
        null, true, List.of("x-amz-checksum-crc32"), decodedLength);

    if (code == null) {
      assertThat(in.readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    } else {
      assertS3Error(in::readAllBytes, 400, code);
    }
  }
}
