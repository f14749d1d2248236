package io.cumulo.server;

import io.cumulo.core.CumuloException;
import io.cumulo.core.storage.ObjectUrls;
import io.cumulo.storage.auth.SigV4Presigner;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * Presigned URLs for functions ({@code ctx.objects().presignPut/presignGet}), signed with their
 * app's own S3 key so they reach only the app's buckets, pointing at this node's S3 endpoint.
 * Presigned URLs sign the host only, so a PUT's Content-Type is the client's choice.
 */
final class AppObjectUrls implements ObjectUrls {
  private static final Duration MAX_EXPIRY = Duration.ofDays(7);

  private final S3Credentials credentials;
  private final Supplier<URI> endpoint;
  private final InstantSource clock;
  private final SigV4Presigner presigner = new SigV4Presigner();

  /** @param endpoint the S3 endpoint, known once the S3 server listens */
  AppObjectUrls(S3Credentials credentials, Supplier<URI> endpoint, InstantSource clock) {
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  @Override
  public URI presign(String app, String method, String bucket, String key, Duration expiry, String contentType) {
    if (expiry == null || expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
      throw new IllegalArgumentException("a presigned URL expires after 1 second to 7 days, not " + expiry);
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("an object key is needed to presign a URL");
    }
    var appKey = credentials.appKey(app).orElseThrow(() -> new CumuloException(503, "NotReady",
        "app " + app + " has no S3 key yet; it gets one when it is deployed"));
    return presigner.presign(method, endpoint.get(), bucket, key, expiry, appKey, clock.instant());
  }
}
