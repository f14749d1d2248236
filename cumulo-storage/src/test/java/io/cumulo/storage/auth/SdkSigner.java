package io.cumulo.storage.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the real AWS SDK v2 signer and turns them into what our verifier sees. */
final class SdkSigner {
  static final String HOST = "localhost:9000";

  /** A signed request as it goes on the wire. */
  record Signed(S3Request request, byte[] body) {}

  /** Options of one signing; defaults are a header-signed request with a hex payload hash. */
  record Options(boolean payloadSigning, boolean chunked, ChecksumAlgorithm checksum, boolean presign,
      java.time.Duration expires) {
    static Options hexPayload() {
      return new Options(true, false, null, false, null);
    }

    static Options unsignedPayload() {
      return new Options(false, false, null, false, null);
    }

    static Options signedChunks(ChecksumAlgorithm checksum) {
      return new Options(true, true, checksum, false, null);
    }

    static Options unsignedChunks(ChecksumAlgorithm checksum) {
      return new Options(false, true, checksum, false, null);
    }

    static Options presigned(java.time.Duration expires) {
      return new Options(false, false, null, true, expires);
    }
  }

  private SdkSigner() {}

  /**
   * Signs {@code method encodedPath?rawQuery} with {@code body} (or none) at {@code now}.
   *
   * @param encodedPath the path, already percent-encoded as a client would send it
   * @param rawQuery the raw query or null
   */
  static Signed sign(String method, String encodedPath, String rawQuery, byte[] body, String id, String secret,
      Instant now, Options options) {
    URI uri = URI.create("https://" + HOST + encodedPath + (rawQuery == null ? "" : "?" + rawQuery));
    SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(uri);
    if (body != null) {
      builder.putHeader("Content-Length", Integer.toString(body.length));
    }
    SdkHttpFullRequest request = builder.build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(id, secret))
          .request(request)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, options.payloadSigning())
          .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, options.chunked());
      if (body != null) {
        r.payload(ContentStreamProvider.fromByteArray(body));
      }
      if (options.checksum() != null) {
        r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, options.checksum());
      }
      if (options.presign()) {
        r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, options.expires());
      }
    });
    SdkHttpFullRequest out = (SdkHttpFullRequest) signed.request();
    Map<String, List<String>> headers = new LinkedHashMap<>(out.headers());
    byte[] wire = signed.payload().map(SdkSigner::readAll).orElse(null);
    String query = out.encodedQueryParameters().orElse(null);
    String host = out.host() + (out.port() == 443 ? "" : ":" + out.port());
    return new Signed(new S3Request(out.method().name(), out.encodedPath(), query, headers, host), wire);
  }

  private static byte[] readAll(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
