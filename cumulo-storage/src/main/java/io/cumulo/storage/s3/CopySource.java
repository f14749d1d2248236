package io.cumulo.storage.s3;

import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;

/** The object named by {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=...]}, URL-encoded. */
record CopySource(String bucket, String key) {

  static CopySource parse(String header) {
    if (header == null || header.isBlank()) {
      throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
    String value = header.trim();
    int query = value.indexOf('?');
    if (query >= 0) {
      String version = value.substring(query + 1);
      if (!version.equals("versionId=null") && !version.isEmpty()) {
        throw S3Errors.notImplemented("versioned copy sources are not supported: " + version);
      }
      value = value.substring(0, query);
    }
    String decoded = S3Address.percentDecode(value.startsWith("/") ? value.substring(1) : value);
    int slash = decoded.indexOf('/');
    if (slash <= 0 || slash == decoded.length() - 1) {
      throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
    return new CopySource(decoded.substring(0, slash), decoded.substring(slash + 1));
  }

  /** The signing key must reach the source bucket as well as the destination. */
  void authorize(S3Exchange x) {
    if (!x.accessKey().canAccess(bucket)) {
      throw S3Errors.accessDenied("Access Denied to the copy source bucket " + bucket);
    }
  }

  /**
   * The source's metadata, after checking the {@code x-amz-copy-source-if-*} conditions; every
   * failed condition, including an unmodified source, is 412 as S3 answers for copies.
   */
  ObjectInfo checkConditions(S3Exchange x, ObjectStore store) {
    ObjectInfo info = store.head(bucket, key).orElseThrow(() -> StorageException.noSuchKey(key));
    if (Preconditions.ofCopySource(x).evaluate(info.etag(), info.lastModified()) != Preconditions.Outcome.PROCEED) {
      throw S3Errors.preconditionFailed();
    }
    return info;
  }
}
