package io.cumulo.core.storage;

/**
 * Where the S3 front reports objects it created or removed. It is called synchronously after the
 * store committed the change and before the client gets its success response, so an implementation
 * that appends to a durable log makes "accepted" mean "the event will be delivered". If it throws a
 * {@link io.cumulo.core.CumuloException} (for example 503 {@code SlowDown}), the client receives
 * that status instead of the success; the object change itself stays.
 */
public interface ObjectEventSink {

  /** Discards every event. */
  ObjectEventSink NONE = new ObjectEventSink() {
    @Override
    public void objectCreated(ObjectInfo object, String eventName, String requestId) {}

    @Override
    public void objectRemoved(String bucket, String key, String eventName, String requestId) {}
  };

  /**
   * An object was written.
   *
   * @param eventName {@code ObjectCreated:Put}, {@code ObjectCreated:Post}, {@code ObjectCreated:Copy}
   *     or {@code ObjectCreated:CompleteMultipartUpload}
   * @param requestId the S3 request id the client sees in {@code x-amz-request-id}
   */
  void objectCreated(ObjectInfo object, String eventName, String requestId);

  /**
   * An object was deleted.
   *
   * @param eventName {@code ObjectRemoved:Delete}
   * @param requestId the S3 request id the client sees in {@code x-amz-request-id}
   */
  void objectRemoved(String bucket, String key, String eventName, String requestId);
}
