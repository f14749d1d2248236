package io.cumulo.storage.auth;

import java.nio.charset.StandardCharsets;

/**
 * The rolling signatures of an aws-chunked body: each chunk (and the trailer) is signed over the
 * previous signature, starting from the request's own, so chunks can be neither altered, dropped
 * nor reordered.
 */
final class ChunkSignatureChain {
  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private String previous;

  ChunkSignatureChain(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey;
    this.amzDate = amzDate;
    this.scope = scope;
    this.previous = seedSignature;
  }

  /** Checks the signature of one chunk, given the SHA-256 of its data, and moves the chain on. */
  void verifyChunk(String provided, byte[] dataSha256) {
    verify(provided, "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + SigV4Signing.EMPTY_SHA256 + "\n" + SigV4Signing.hex(dataSha256));
  }

  /** Checks the trailer signature over the trailer lines, each written {@code name:value\n}. */
  void verifyTrailer(String provided, String canonicalTrailer) {
    verify(provided, "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + SigV4Signing.sha256Hex(canonicalTrailer.getBytes(StandardCharsets.UTF_8)));
  }

  private void verify(String provided, String stringToSign) {
    String expected = SigV4Signing.signature(signingKey, stringToSign);
    if (provided == null || !SigV4Signing.signaturesEqual(expected, provided)) {
      throw SigV4Signing.signatureDoesNotMatch();
    }
    previous = expected;
  }
}
