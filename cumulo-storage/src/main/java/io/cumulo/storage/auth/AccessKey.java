package io.cumulo.storage.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An S3 key pair and what it may reach.
 *
 * @param accessKeyId the public id (20 upper-case letters and digits, as AWS's)
 * @param secretKey the secret the client signs with
 * @param buckets the buckets this key may use; {@code null} means every bucket (the root key)
 * @param owner who holds it: {@code root}, or the app's name
 */
public record AccessKey(String accessKeyId, String secretKey, Set<String> buckets, String owner) {
  public AccessKey {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(owner, "owner");
    buckets = buckets == null ? null : Set.copyOf(buckets);
  }

  /** Whether this key may use the bucket. */
  public boolean canAccess(String bucket) {
    return buckets == null || buckets.contains(bucket);
  }

  /** Whether this is the root key, which may also create and delete buckets and list all of them. */
  public boolean isRoot() {
    return buckets == null;
  }
}
