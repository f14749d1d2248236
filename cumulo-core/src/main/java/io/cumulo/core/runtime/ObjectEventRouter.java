package io.cumulo.core.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.core.events.Event;
import io.cumulo.core.manifest.BucketTrigger;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns committed object changes into durable events for the functions that subscribed: bucket
 * triggers in app manifests, and Lambda function configurations set through the S3 notification
 * API. Each subscribed function gets its own event, carrying an S3 event notification (one
 * record); all are durable before {@link #objectCreated} returns, so a write is acknowledged only
 * once its notifications cannot be lost.
 */
public final class ObjectEventRouter implements ObjectEventSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FunctionRuntime runtime;
  private final ObjectStore store;
  private final InstantSource clock;
  /** Orders events of one key: a counter seeded with the start time, so it grows across restarts. */
  private final AtomicLong sequencer;
  private final ConcurrentHashMap<String, ParsedConfig> configs = new ConcurrentHashMap<>();

  private record ParsedConfig(byte[] document, List<NotificationConfig.Target> targets) {}

  public ObjectEventRouter(FunctionRuntime runtime, ObjectStore store, InstantSource clock) {
    this.runtime = runtime;
    this.store = store;
    this.clock = clock;
    this.sequencer = new AtomicLong(clock.millis() * 1_000_000L);
  }

  @Override
  public void objectCreated(ObjectInfo object, String eventName, String requestId) {
    route(object.bucket(), object.key(), eventName, object.size(), object.etag());
  }

  @Override
  public void objectRemoved(String bucket, String key, String eventName, String requestId) {
    route(bucket, key, eventName, 0, null);
  }

  private void route(String bucket, String key, String eventName, long size, String etag) {
    List<String[]> targets = new ArrayList<>(); // {function, configurationId}
    runtime.bucketTriggers().forEach((function, triggers) -> {
      for (BucketTrigger trigger : triggers) {
        if (trigger.matches(bucket, eventName, key)) {
          targets.add(new String[] {function, "cumulo-trigger"});
          break;
        }
      }
    });
    for (NotificationConfig.Target target : notificationTargets(bucket)) {
      if (target.trigger().matches(bucket, eventName, key) && runtime.exists(target.function())) {
        targets.add(new String[] {target.function(), target.id()});
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    String sequence = String.format("%016X", sequencer.incrementAndGet());
    List<Event> events = new ArrayList<>(targets.size());
    for (String[] target : targets) {
      String id = UUID.randomUUID().toString();
      byte[] payload = record(bucket, key, eventName, size, etag, sequence, target[1]);
      events.add(new Event(id, target[0], "s3", payload, clock.instant()));
    }
    runtime.appendAll(events);
  }

  private List<NotificationConfig.Target> notificationTargets(String bucket) {
    Optional<byte[]> document = store.bucketConfig(bucket, "notification");
    if (document.isEmpty()) {
      configs.remove(bucket);
      return List.of();
    }
    ParsedConfig cached = configs.get(bucket);
    if (cached != null && Arrays.equals(cached.document(), document.get())) {
      return cached.targets();
    }
    List<NotificationConfig.Target> targets = NotificationConfig.parse(bucket, document.get());
    configs.put(bucket, new ParsedConfig(document.get(), targets));
    return targets;
  }

  /** One S3 event notification record, in the shape Lambda receives from S3. */
  private byte[] record(String bucket, String key, String eventName, long size, String etag,
      String sequence, String configurationId) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", "us-east-1");
    record.put("eventTime", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    record.put("eventName", eventName);
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", configurationId);
    ObjectNode b = s3.putObject("bucket");
    b.put("name", bucket);
    b.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode o = s3.putObject("object");
    o.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
    o.put("size", size);
    if (etag != null) {
      o.put("eTag", etag.replace("\"", ""));
    }
    o.put("sequencer", sequence);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
