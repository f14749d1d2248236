package io.cumulo.storage.auth;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request whose signature verified: who signed it, and how to read its body so that the payload
 * is checked against what was signed.
 *
 * <p>One per request, used by one thread: {@link #body} may be called once.
 */
public final class Authenticated {
  /** How the body was signed, from {@code x-amz-content-sha256}. */
  enum PayloadMode { SHA256, UNSIGNED, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER }

  private final AccessKey key;
  private final PayloadMode mode;
  private final String payloadSha256;
  private final ChunkSignatureChain chunkSignatures;
  private final List<String> trailerNames;
  private final long decodedContentLength;
  private AwsChunkedInputStream chunked;
  private boolean bodyTaken;

  Authenticated(AccessKey key, PayloadMode mode, String payloadSha256, ChunkSignatureChain chunkSignatures,
      List<String> trailerNames, long decodedContentLength) {
    this.key = key;
    this.mode = mode;
    this.payloadSha256 = payloadSha256;
    this.chunkSignatures = chunkSignatures;
    this.trailerNames = List.copyOf(trailerNames);
    this.decodedContentLength = decodedContentLength;
  }

  /** The key the request was signed with. */
  public AccessKey key() {
    return key;
  }

  /**
   * The payload, decoded and checked as it is read.
   *
   * <ul>
   *   <li>hex SHA-256 signed: the bytes as sent; the read that reaches the end throws {@code
   *       XAmzContentSHA256Mismatch} (400) if they are not the signed ones;
   *   <li>{@code UNSIGNED-PAYLOAD}: {@code raw} itself;
   *   <li>the {@code STREAMING-*} modes: the aws-chunked body decoded, each chunk signature checked
   *       ({@code SignatureDoesNotMatch}, 403), trailing checksums compared ({@code BadDigest},
   *       400), and framing or length errors reported as 400 ({@code IncompleteBody}, {@code
   *       InvalidChunkSizeError}, {@code MalformedTrailerError}).
   * </ul>
   *
   * Every failure is a {@link io.cumulo.core.storage.StorageException} thrown from {@code read}
   * before it returns -1; write the object atomically and discard it on failure.
   *
   * @param raw the request body as received
   */
  public InputStream body(InputStream raw) {
    Objects.requireNonNull(raw, "raw");
    if (bodyTaken) {
      throw new IllegalStateException("the body of a request can be read once");
    }
    bodyTaken = true;
    return switch (mode) {
      case SHA256 -> new Sha256CheckingInputStream(raw, payloadSha256);
      case UNSIGNED -> raw;
      case STREAMING_SIGNED -> chunked = new AwsChunkedInputStream(raw, chunkSignatures, false, trailerNames, decodedContentLength);
      case STREAMING_SIGNED_TRAILER -> chunked = new AwsChunkedInputStream(raw, chunkSignatures, true, trailerNames, decodedContentLength);
      case STREAMING_UNSIGNED_TRAILER -> chunked = new AwsChunkedInputStream(raw, null, true, trailerNames, decodedContentLength);
    };
  }

  /**
   * The length of the decoded payload announced in {@code x-amz-decoded-content-length} (bytes), or
   * -1 if none was; for the streaming modes it is the object's size, which {@link #body} enforces.
   */
  public long decodedContentLength() {
    return decodedContentLength;
  }

  /** Whether the body is aws-chunked, so {@code Content-Length} is not the object's size. */
  public boolean chunked() {
    return mode != PayloadMode.SHA256 && mode != PayloadMode.UNSIGNED;
  }

  /**
   * The trailing checksums sent after an aws-chunked body, by trailer name (e.g. {@code
   * x-amz-checksum-crc32} to its base64 value), each verified against the bytes read. Available
   * once {@link #body}'s stream returned -1; empty before that and for bodies without trailers.
   */
  public Map<String, String> trailingChecksums() {
    return chunked == null ? Map.of() : chunked.trailingChecksums();
  }
}
