package io.cumulo.core.manifest;

import java.util.List;

/**
 * Invokes the function when objects in one of the app's buckets are created or removed, like an S3
 * event notification.
 *
 * @param bucket the bucket, which the app's manifest declares under {@code buckets}
 * @param events the event types, normalised without the {@code s3:} prefix:
 *     {@code ObjectCreated:*}, {@code ObjectCreated:Put}, {@code ObjectCreated:Post},
 *     {@code ObjectCreated:Copy}, {@code ObjectCreated:CompleteMultipartUpload},
 *     {@code ObjectRemoved:*}, {@code ObjectRemoved:Delete} (default: {@code ObjectCreated:*})
 * @param prefix only keys starting with this ("" for any)
 * @param suffix only keys ending with this ("" for any)
 */
public record BucketTrigger(String bucket, List<String> events, String prefix, String suffix) implements Trigger {
  /** The event names a trigger may list (after normalisation). */
  public static final List<String> EVENT_TYPES = List.of("ObjectCreated:*", "ObjectCreated:Put",
      "ObjectCreated:Post", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload",
      "ObjectRemoved:*", "ObjectRemoved:Delete");

  public BucketTrigger {
    events = List.copyOf(events);
  }

  /**
   * Normalises an event type as written in a manifest or notification configuration
   * ({@code s3:ObjectCreated:*}, {@code ObjectCreated}); null when it is not one Cumulo fires.
   */
  public static String normaliseEventType(String written) {
    String type = written.startsWith("s3:") ? written.substring(3) : written;
    if (type.equals("ObjectCreated") || type.equals("ObjectRemoved")) {
      type += ":*";
    }
    return EVENT_TYPES.contains(type) ? type : null;
  }

  /** Whether an event (e.g. {@code ObjectCreated:Put} on {@code uploads/a.jpg}) fires this trigger. */
  public boolean matches(String bucketName, String eventName, String key) {
    if (!bucket.equals(bucketName) || !key.startsWith(prefix) || !key.endsWith(suffix)) {
      return false;
    }
    for (String type : events) {
      if (type.equals(eventName)
          || type.endsWith(":*") && eventName.startsWith(type.substring(0, type.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
