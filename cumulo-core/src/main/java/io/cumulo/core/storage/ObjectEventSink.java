package io.cumulo.core.storage;

/**
 * Where the storage fronts report committed changes, so bucket triggers and notification
 * configurations fire. Called synchronously after the store commits and before the client is
 * answered: when it returns, the resulting events are durable.
 */
public interface ObjectEventSink {

  /** Ignores every event. */
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
   */
  void objectCreated(ObjectInfo object, String eventName, String requestId);

  /** An object was deleted; {@code eventName} is {@code ObjectRemoved:Delete}. */
  void objectRemoved(String bucket, String key, String eventName, String requestId);
}
