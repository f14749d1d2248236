package io.cumulo.core.runtime;

import io.cumulo.api.ObjectClient;
import io.cumulo.api.ObjectMetadata;
import io.cumulo.api.ObjectStorageException;
import io.cumulo.core.CumuloException;
import io.cumulo.core.storage.ListResult;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.ObjectUrls;
import io.cumulo.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link ObjectClient} for one invocation: the store itself, limited to the app's buckets, with
 * writes and deletes reported to the event sink as S3 requests are. The invocation id serves as
 * the request id.
 */
final class FunctionObjects implements ObjectClient {
  private static final int MAX_LIST = 10_000;

  private final ObjectStore store;
  private final ObjectEventSink events;
  private final Set<String> buckets;
  private final String invocationId;
  private final String app;
  private final ObjectUrls urls;

  /** @param urls signs presigned URLs with the app's key; null when this node serves no S3 API */
  FunctionObjects(ObjectStore store, ObjectEventSink events, Set<String> buckets, String invocationId,
      String app, ObjectUrls urls) {
    this.store = store;
    this.events = events;
    this.buckets = buckets;
    this.invocationId = invocationId;
    this.app = app;
    this.urls = urls;
  }

  @Override
  public byte[] get(String bucket, String key) {
    try (InputStream in = open(bucket, key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(String bucket, String key) {
    allow(bucket);
    ObjectContent content = call(() -> store.get(bucket, key, null));
    return content.stream();
  }

  @Override
  public Optional<ObjectMetadata> head(String bucket, String key) {
    allow(bucket);
    return call(() -> store.head(bucket, key)).map(FunctionObjects::metadata);
  }

  @Override
  public ObjectMetadata put(String bucket, String key, byte[] data, String contentType) {
    return put(bucket, key, new ByteArrayInputStream(data), data.length, contentType);
  }

  @Override
  public ObjectMetadata put(String bucket, String key, InputStream data, long length, String contentType) {
    allow(bucket);
    ObjectInfo info = call(() -> store.put(bucket, key, data, length, PutOptions.contentType(contentType)));
    call(() -> {
      events.objectCreated(info, "ObjectCreated:Put", invocationId);
      return null;
    });
    return metadata(info);
  }

  @Override
  public boolean delete(String bucket, String key) {
    allow(bucket);
    boolean existed = call(() -> store.delete(bucket, key));
    call(() -> {
      events.objectRemoved(bucket, key, "ObjectRemoved:Delete", invocationId);
      return null;
    });
    return existed;
  }

  @Override
  public List<ObjectMetadata> list(String bucket, String prefix, int limit) {
    allow(bucket);
    if (limit < 1 || limit > MAX_LIST) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIST + ", not " + limit);
    }
    List<ObjectMetadata> result = new ArrayList<>();
    String after = null;
    while (result.size() < limit) {
      String start = after;
      int page = Math.min(1_000, limit - result.size());
      ListResult listed = call(() -> store.list(bucket, prefix == null ? "" : prefix, null, start, page));
      listed.objects().forEach(o -> result.add(metadata(o)));
      if (!listed.truncated()) {
        break;
      }
      after = listed.nextStartAfter();
    }
    return result;
  }

  @Override
  public URI presignPut(String bucket, String key, Duration expiry, String contentType) {
    return presign("PUT", bucket, key, expiry, contentType);
  }

  @Override
  public URI presignGet(String bucket, String key, Duration expiry) {
    return presign("GET", bucket, key, expiry, null);
  }

  private URI presign(String method, String bucket, String key, Duration expiry, String contentType) {
    allow(bucket);
    if (urls == null) {
      throw new ObjectStorageException("NotImplemented", "this node serves no S3 API to presign URLs for");
    }
    return call(() -> urls.presign(app, method, bucket, key, expiry, contentType));
  }

  private void allow(String bucket) {
    if (!buckets.contains(bucket)) {
      throw new ObjectStorageException("AccessDenied", "this function's app may use only its own buckets "
          + buckets + ", not '" + bucket + "'; declare it under buckets in cumulo.yaml");
    }
  }

  /** Runs a store call, turning platform errors into the SDK's exception type. */
  private static <T> T call(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (CumuloException e) {
      throw new ObjectStorageException(e.code(), e.getMessage());
    }
  }

  private static ObjectMetadata metadata(ObjectInfo info) {
    return new ObjectMetadata(info.bucket(), info.key(), info.size(), info.etag(), info.contentType(),
        info.lastModified(), info.userMetadata());
  }
}
