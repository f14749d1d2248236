package io.cumulo.storage.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes presigned S3 URLs (path style, region {@code us-east-1}, only {@code host} signed, payload
 * {@code UNSIGNED-PAYLOAD}) that {@link SigV4Verifier} and any S3 accept, so {@code curl} can GET
 * or PUT an object without credentials.
 */
public final class SigV4Presigner {
  /** The region presigned URLs are scoped to; the verifier accepts any. */
  public static final String REGION = "us-east-1";

  /**
   * Presigns one request.
   *
   * @param method the HTTP method the URL is good for ({@code GET}, {@code PUT}, ...)
   * @param endpoint the S3 endpoint, e.g. {@code http://localhost:9000}; a path in it is kept as a prefix
   * @param bucket the bucket
   * @param key the object key, unencoded ({@code photos/a b.jpg})
   * @param expires how long the URL is valid, 1 second to 7 days
   * @param accessKey the access key to sign with
   * @param now the signing time (the URL is valid from now until now + expires)
   */
  public URI presign(String method, URI endpoint, String bucket, String key, Duration expires, AccessKey accessKey,
      Instant now) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(now, "now");
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute http(s) URI, not " + endpoint);
    }
    long seconds = expires.toSeconds();
    if (seconds < 1 || seconds > SigV4Verifier.MAX_PRESIGN_SECONDS) {
      throw new IllegalArgumentException("expires must be between 1 second and 7 days, not " + expires);
    }
    String amzDate = SigV4Signing.AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    String scope = SigV4Signing.scope(date, REGION);
    String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
    String path = basePath + "/" + SigV4Signing.uriEncode(bucket, false) + "/" + SigV4Signing.uriEncode(key, true);
    String query = "X-Amz-Algorithm=" + SigV4Signing.ALGORITHM
        + "&X-Amz-Credential=" + SigV4Signing.uriEncode(accessKey.accessKeyId() + "/" + scope, false)
        + "&X-Amz-Date=" + amzDate
        + "&X-Amz-Expires=" + seconds
        + "&X-Amz-SignedHeaders=host";
    String canonicalRequest = method.toUpperCase(Locale.ROOT) + "\n" + path + "\n"
        + SigV4Signing.canonicalQuery(query, null) + "\n"
        + "host:" + hostHeader(endpoint) + "\n\nhost\n" + SigV4Signing.UNSIGNED_PAYLOAD;
    byte[] signingKey = SigV4Signing.signingKey(accessKey.secretKey(), date, REGION);
    String signature = SigV4Signing.signature(signingKey, SigV4Signing.stringToSign(amzDate, scope, canonicalRequest));
    String authority = endpoint.getRawAuthority();
    return URI.create(endpoint.getScheme() + "://" + authority + path + "?" + query + "&X-Amz-Signature=" + signature);
  }

  /** The Host header a client sends to the endpoint: the port only when it is not the scheme's default. */
  static String hostHeader(URI endpoint) {
    int port = endpoint.getPort();
    boolean defaultPort = port == -1
        || (port == 80 && "http".equalsIgnoreCase(endpoint.getScheme()))
        || (port == 443 && "https".equalsIgnoreCase(endpoint.getScheme()));
    return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }
}
