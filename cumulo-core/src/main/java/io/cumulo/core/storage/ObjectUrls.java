package io.cumulo.core.storage;

import java.net.URI;
import java.time.Duration;

/** Makes presigned S3 URLs for an app's buckets, signed with the app's own key. */
public interface ObjectUrls {

  /**
   * @param method {@code GET} or {@code PUT}
   * @param contentType for PUT, the Content-Type the upload must send, or null for any
   * @param expiry 1 second to 7 days
   */
  URI presign(String app, String method, String bucket, String key, Duration expiry, String contentType);
}
