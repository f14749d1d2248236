package io.cumulo.core.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.cumulo.core.CumuloException;
import io.cumulo.core.events.Event;
import io.cumulo.core.events.EventLog;
import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.BucketTrigger;
import io.cumulo.core.manifest.Trigger;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.metering.Metering;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions that are deployed now, and the ways to invoke them: synchronously, or as a
 * durable event for the {@link EventDispatcher} to deliver. Activating a new version of an app
 * swaps its functions atomically; the old version's pools finish their in-flight and queued work
 * before its class loaders are released.
 */
public final class FunctionRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FunctionRuntime.class);
  /** How long an async invoke waits for its event to become durable before giving up. */
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(30);
  private static final JsonFactory JSON = new JsonFactory();

  private final EventLog events;
  private final FunctionLogs logs;
  private final InvocationRecorder recorder;
  private final Metering metering;
  private final InstantSource clock;
  private final ObjectStore store;
  private final ObjectEventRouter objectEvents;
  private final RuntimeServices services;
  private final ConcurrentHashMap<String, ActiveApp> apps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ActiveFunction> functions = new ConcurrentHashMap<>();
  /** Event targets other than functions (workflows), by app, then by qualified name. */
  private final ConcurrentHashMap<String, Map<String, EventTarget>> targets = new ConcurrentHashMap<>();
  private final java.util.Set<String> gaugedFunctions = ConcurrentHashMap.newKeySet();
  private final Thread reaper;
  private volatile boolean closed;

  /** The functions of one app version. */
  private record ActiveApp(String name, int version, Map<String, ActiveFunction> functions) {}

  /**
   * @param store the object store functions reach through {@code ctx.objects()}; null when this
   *     runtime has none (then {@code ctx.objects()} fails)
   * @param services the other facilities handlers reach through their context
   */
  public FunctionRuntime(
      EventLog events,
      FunctionLogs logs,
      InvocationRecorder recorder,
      Metering metering,
      InstantSource clock,
      ObjectStore store,
      RuntimeServices services) {
    this.events = events;
    this.services = services;
    this.logs = logs;
    this.recorder = recorder;
    this.metering = metering;
    this.clock = clock;
    this.store = store;
    this.objectEvents = store == null ? null : new ObjectEventRouter(this, store, clock);
    this.reaper = Thread.ofVirtual().name("cumulo-instance-reaper").start(this::reapIdleInstances);
  }

  /**
   * Invokes a function and waits for its result.
   *
   * @param function {@code app/function}
   * @param input the handler's input as JSON
   * @throws FunctionFailure when the function does not exist, the input does not fit, the handler
   *     throws or times out, or the function is throttled
   */
  public InvocationResult invoke(String function, byte[] input, InvocationRequest request) {
    EventTarget target = target(function);
    if (target != null) {
      target.deliver(input, request);
      return new InvocationResult(request.invocationId(), "null".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          false, 0, 0);
    }
    return require(function).invoke(input, request);
  }

  /**
   * Replaces the event targets of an app (its workflows): their triggers fire like a function's,
   * and events for them are delivered through {@link EventTarget#deliver}.
   *
   * @param byName keyed by qualified name, {@code APP/workflow:NAME}; empty to remove them all
   */
  public void replaceTargets(String app, Map<String, EventTarget> byName) {
    if (byName.isEmpty()) {
      targets.remove(app);
    } else {
      targets.put(app, Map.copyOf(byName));
    }
  }

  private EventTarget target(String name) {
    int slash = name.indexOf('/');
    Map<String, EventTarget> ofApp = slash < 0 ? null : targets.get(name.substring(0, slash));
    return ofApp == null ? null : ofApp.get(name);
  }

  /**
   * Accepts an asynchronous invocation: returns its id once the event is durable. Delivery, retries
   * and the dead-letter queue are the dispatcher's.
   */
  public String invokeAsync(String function, byte[] input) {
    require(function);
    requireJson(input);
    String id = UUID.randomUUID().toString();
    append(new Event(id, function, "invoke", input, clock.instant()));
    return id;
  }

  /** Appends an event and waits until it is durable. */
  public void append(Event event) {
    appendAll(List.of(event));
  }

  /** Appends events (group-committed together) and waits until all are durable. */
  public void appendAll(List<Event> batch) {
    try {
      java.util.concurrent.CompletableFuture<?>[] appended = new java.util.concurrent.CompletableFuture<?>[batch.size()];
      for (int i = 0; i < appended.length; i++) {
        appended[i] = events.append(batch.get(i));
      }
      java.util.concurrent.CompletableFuture.allOf(appended).get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CumuloException known) {
        throw known;
      }
      throw new FunctionFailure(FunctionFailure.Type.Unavailable,
          "the event could not be stored: " + HandlerBinding.describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new FunctionFailure(FunctionFailure.Type.Unavailable, "the event log did not confirm the event in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionFailure(FunctionFailure.Type.Unavailable, "interrupted while storing the event");
    }
  }

  /**
   * Loads an app version's functions (each in its own class loader) and makes them current,
   * replacing the app's previous version, whose in-flight work finishes in the background.
   *
   * @param bundleDir the folder holding the manifest's code paths
   * @throws CumuloException (400) when a handler class is missing or unusable; nothing changes then
   */
  public void activate(String app, int version, AppManifest manifest, Path bundleDir) {
    Map<String, ActiveFunction> loaded = new LinkedHashMap<>();
    try {
      for (FunctionSpec spec : manifest.functions().values()) {
        String qualified = app + "/" + spec.name();
        Path code = bundleDir.resolve(spec.code().path()).normalize();
        FunctionClassLoader loader = new FunctionClassLoader(qualified + "@v" + version, code);
        try {
          HandlerBinding binding = HandlerBinding.load(qualified, spec.handler(), loader);
          loaded.put(spec.name(), new ActiveFunction(app, java.util.Set.copyOf(manifest.buckets()), spec,
              binding, loader, metering.function(qualified), logs, recorder, clock, this));
        } catch (RuntimeException e) {
          loader.release();
          throw e;
        }
      }
    } catch (RuntimeException e) {
      loaded.values().forEach(f -> f.loader().release());
      throw e;
    }
    loaded.values().forEach(f -> {
      f.pool().prewarm();
      registerGauges(f.qualifiedName());
    });
    ActiveApp next = new ActiveApp(app, version, Map.copyOf(loaded));
    ActiveApp previous = apps.put(app, next);
    loaded.forEach((name, f) -> functions.put(f.qualifiedName(), f));
    if (previous != null) {
      previous.functions().forEach((name, f) -> {
        if (!loaded.containsKey(name)) {
          functions.remove(f.qualifiedName(), f);
        }
      });
      retire(previous);
    }
  }

  /** Removes an app's functions; their in-flight work finishes in the background. */
  public void deactivate(String app) {
    ActiveApp previous = apps.remove(app);
    if (previous != null) {
      previous.functions().values().forEach(f -> functions.remove(f.qualifiedName(), f));
      retire(previous);
    }
  }

  private void retire(ActiveApp app) {
    Thread.ofVirtual().name("cumulo-retire-" + app.name()).start(() -> {
      for (ActiveFunction f : app.functions().values()) {
        try {
          // Wait as long as one queued invocation could still take: its queue wait plus its run.
          if (!f.pool().awaitDrained(f.spec().timeout().multipliedBy(2).plusSeconds(1))) {
            log.warn("{} v{} still had invocations running when it was retired", f.qualifiedName(), app.version());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        int leftover = LeftoverThreads.interrupt(f.loader().getName());
        if (leftover > 0) {
          log.warn("{} v{} left {} threads running after it was retired; they were interrupted",
              f.qualifiedName(), app.version(), leftover);
        }
        f.loader().release();
      }
    });
  }

  /**
   * Gauges sample the function by name at scrape time, so they follow redeploys (Micrometer keeps
   * the first source object registered under a name).
   */
  private void registerGauges(String function) {
    if (!gaugedFunctions.add(function)) {
      return;
    }
    io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("function", function);
    metering.gauge("cumulo_instances", "Instances by state", tags.and("state", "busy"), this,
        r -> r.poolStats(function).busy());
    metering.gauge("cumulo_instances", "Instances by state", tags.and("state", "warm"), this,
        r -> r.poolStats(function).warm());
    metering.gauge("cumulo_queued_invocations", "Invocations waiting for an instance", tags, this,
        r -> r.poolStats(function).queued());
    metering.gauge("cumulo_pending_events", "Events in the log not yet delivered", tags, this,
        r -> r.events.pendingByFunction().getOrDefault(function, 0));
  }

  /** The pool sizes of a deployed function; all zero when it is not deployed. */
  public PoolStats poolStats(String function) {
    ActiveFunction f = functions.get(function);
    return f == null ? PoolStats.EMPTY : f.pool().stats();
  }

  /**
   * Where object changes go to fire bucket triggers and notification configurations; the storage
   * fronts report to it. Null when this runtime has no object store.
   */
  public ObjectEventSink objectEvents() {
    return objectEvents;
  }

  /** The bucket triggers of every deployed function, by function. */
  Map<String, List<BucketTrigger>> bucketTriggers() {
    Map<String, List<BucketTrigger>> result = new LinkedHashMap<>();
    for (ActiveFunction f : functions.values()) {
      List<BucketTrigger> triggers = new ArrayList<>();
      for (Trigger trigger : f.spec().triggers()) {
        if (trigger instanceof BucketTrigger bucket) {
          triggers.add(bucket);
        }
      }
      if (!triggers.isEmpty()) {
        result.put(f.qualifiedName(), triggers);
      }
    }
    targets.values().forEach(ofApp -> ofApp.forEach((name, target) -> {
      List<BucketTrigger> triggers = new ArrayList<>();
      for (Trigger trigger : target.triggers()) {
        if (trigger instanceof BucketTrigger bucket) {
          triggers.add(bucket);
        }
      }
      if (!triggers.isEmpty()) {
        result.put(name, triggers);
      }
    }));
    return result;
  }

  /** The functions of {@code app} whose table triggers a change of {@code table} by {@code operation} fires. */
  List<String> tableSubscribers(String app, String table, String operation) {
    List<String> result = new ArrayList<>();
    for (ActiveFunction f : functions.values()) {
      if (!f.app().equals(app)) {
        continue;
      }
      for (Trigger trigger : f.spec().triggers()) {
        if (trigger instanceof io.cumulo.core.manifest.TableTrigger t && t.matches(table, operation)) {
          result.add(f.qualifiedName());
          break;
        }
      }
    }
    targets.getOrDefault(app, Map.of()).forEach((name, target) -> {
      if (target.triggers().stream().anyMatch(trigger ->
          trigger instanceof io.cumulo.core.manifest.TableTrigger t && t.matches(table, operation))) {
        result.add(name);
      }
    });
    return result;
  }

  /** An object client for one invocation, limited to the app's buckets. */
  io.cumulo.api.ObjectClient objectsFor(String app, java.util.Set<String> buckets, String invocationId) {
    if (store == null) {
      throw new io.cumulo.api.ObjectStorageException("NotImplemented", "this runtime has no object store");
    }
    return new FunctionObjects(store, objectEvents, buckets, invocationId, app, services.objectUrls());
  }

  /** The facilities handlers reach through their context. */
  RuntimeServices services() {
    return services;
  }

  /** The spec of a deployed function. */
  public Optional<FunctionSpec> spec(String function) {
    ActiveFunction f = functions.get(function);
    return f == null ? Optional.empty() : Optional.of(f.spec());
  }

  /** Whether the function is deployed. */
  public boolean exists(String function) {
    return functions.containsKey(function) || target(function) != null;
  }

  /** What {@code cumulo ls} shows of every function, by app. */
  public List<FunctionStatus> status() {
    Map<String, Integer> pending = events.pendingByFunction();
    List<FunctionStatus> result = new ArrayList<>();
    for (ActiveApp app : apps.values()) {
      for (ActiveFunction f : app.functions().values()) {
        result.add(new FunctionStatus(app.name(), app.version(), f.spec(), f.pool().stats(),
            pending.getOrDefault(f.qualifiedName(), 0), f.meters().invocations(),
            f.meters().errors(), f.meters().coldStarts(), f.meters().billedGbSeconds()));
      }
    }
    result.sort(java.util.Comparator.comparing(FunctionStatus::app).thenComparing(s -> s.spec().name()));
    return result;
  }

  /** The names of the deployed apps' functions. */
  public Collection<String> functionNames() {
    return List.copyOf(functions.keySet());
  }

  private ActiveFunction require(String function) {
    ActiveFunction f = functions.get(function);
    if (f == null) {
      throw new FunctionFailure(FunctionFailure.Type.FunctionNotFound, "no function " + function + " is deployed");
    }
    return f;
  }

  private static void requireJson(byte[] input) {
    try (JsonParser parser = JSON.createParser(input)) {
      if (parser.nextToken() == null) {
        throw new FunctionFailure(FunctionFailure.Type.InvalidInput, "the input is empty; send JSON, e.g. {}");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new FunctionFailure(FunctionFailure.Type.InvalidInput, "the input has data after its JSON value");
      }
    } catch (IOException e) {
      throw new FunctionFailure(FunctionFailure.Type.InvalidInput, "the input is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private void reapIdleInstances() {
    while (!closed) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      for (ActiveFunction f : functions.values()) {
        f.pool().reapIdle();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    reaper.interrupt();
  }
}
