package io.cumulo.core.runtime;

import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.metering.Metering.FunctionMeters;
import io.cumulo.core.state.InvocationRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deployed version of a function: its spec, handler binding, instance pool and meters, and
 * the code that runs one invocation with its deadline.
 */
final class ActiveFunction {
  /** Handlers run on virtual threads, so a blocked handler costs no platform thread. */
  private static final ThreadFactory HANDLER_THREADS = Thread.ofVirtual().name("cumulo-handler").factory();

  private final String app;
  private final java.util.Set<String> buckets;
  private final String qualifiedName;
  private final FunctionSpec spec;
  private final HandlerBinding binding;
  private final FunctionClassLoader loader;
  private final InstancePool pool;
  private final FunctionMeters meters;
  private final FunctionLogs logs;
  private final InvocationRecorder recorder;
  private final InstantSource clock;
  private final FunctionRuntime runtime;

  ActiveFunction(
      String app,
      java.util.Set<String> buckets,
      FunctionSpec spec,
      HandlerBinding binding,
      FunctionClassLoader loader,
      FunctionMeters meters,
      FunctionLogs logs,
      InvocationRecorder recorder,
      InstantSource clock,
      FunctionRuntime runtime) {
    this.app = app;
    this.buckets = buckets;
    this.qualifiedName = app + "/" + spec.name();
    this.spec = spec;
    this.binding = binding;
    this.loader = loader;
    this.meters = meters;
    this.logs = logs;
    this.recorder = recorder;
    this.clock = clock;
    this.pool = new InstancePool(binding, spec.concurrency(), spec.minInstances(),
        spec.maxInstances(), spec.maxQueued(), spec.idleTimeout(), clock);
    this.runtime = runtime;
  }

  String app() {
    return app;
  }

  /** The buckets the function's app declares: all that {@code ctx.objects()} may reach. */
  java.util.Set<String> buckets() {
    return buckets;
  }

  String qualifiedName() {
    return qualifiedName;
  }

  FunctionSpec spec() {
    return spec;
  }

  HandlerBinding binding() {
    return binding;
  }

  InstancePool pool() {
    return pool;
  }

  FunctionMeters meters() {
    return meters;
  }

  FunctionClassLoader loader() {
    return loader;
  }

  /**
   * Runs one invocation: converts the input, takes an instance slot (waiting at most the
   * function's timeout), runs the handler on its own virtual thread until the deadline, and
   * records the outcome.
   */
  InvocationResult invoke(byte[] input, InvocationRequest request) throws FunctionFailure {
    Object converted = binding.readInput(input);
    InstancePool.Lease lease;
    try {
      lease = pool.acquire(spec.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionFailure(FunctionFailure.Type.Unavailable, "interrupted while waiting for an instance");
    }
    Instant start = clock.instant();
    Instant deadline = start.plus(spec.timeout());
    if (request.callerDeadline() != null && request.callerDeadline().isBefore(deadline)) {
      deadline = request.callerDeadline();
    }
    InvocationContext ctx = new InvocationContext(this, request.invocationId(), request.attempt(),
        deadline, request.requestId(), clock, logs, runtime);
    FutureTask<byte[]> task = new FutureTask<>(
        () -> binding.writeOutput(lease.instance().handler.handle(converted, ctx)));
    long startNanos = System.nanoTime();
    Thread worker = HANDLER_THREADS.newThread(task);
    worker.start();
    byte[] output = null;
    FunctionFailure failure = null;
    try {
      output = task.get(Math.max(0, Duration.between(start, deadline).toNanos()), TimeUnit.NANOSECONDS);
      pool.release(lease);
    } catch (TimeoutException e) {
      worker.interrupt();
      pool.discard(lease);
      failure = new FunctionFailure(FunctionFailure.Type.Timeout, qualifiedName + " timed out after "
          + Duration.between(start, deadline).toMillis() + " ms; its instance was recycled");
    } catch (ExecutionException e) {
      failure = handlerFailure(e.getCause(), lease);
    } catch (InterruptedException e) {
      worker.interrupt();
      pool.discard(lease);
      Thread.currentThread().interrupt();
      failure = new FunctionFailure(FunctionFailure.Type.Unavailable, "the invocation was interrupted");
    }
    long micros = Math.max(1, (System.nanoTime() - startNanos) / 1_000);
    long billedMbMs = spec.memoryMb() * ((micros + 999) / 1_000);
    meters.record(failure == null, lease.coldStart(), micros, billedMbMs);
    recorder.record(new InvocationRecord(request.invocationId(), qualifiedName, start, micros,
        lease.coldStart(), failure == null ? "succeeded" : "failed",
        failure == null ? null : failure.type().name(), failure == null ? null : failure.getMessage(),
        billedMbMs, request.attempt()));
    if (failure != null) {
      if (failure.type() != FunctionFailure.Type.HandlerError) {
        logs.append(qualifiedName, request.invocationId(), "ERROR", failure.getMessage());
      }
      throw failure;
    }
    return new InvocationResult(request.invocationId(), output, lease.coldStart(), micros, billedMbMs);
  }

  private FunctionFailure handlerFailure(Throwable cause, InstancePool.Lease lease) {
    if (cause instanceof FunctionFailure converted) {
      pool.release(lease);
      return converted;
    }
    // An Error (OutOfMemoryError, StackOverflowError, LinkageError) may have left the instance's
    // state half-built; don't hand it another invocation.
    if (cause instanceof Error) {
      pool.discard(lease);
    } else {
      pool.release(lease);
    }
    logs.append(qualifiedName, null, "ERROR", "handler failed: " + InvocationContext.stackTrace(cause));
    return new FunctionFailure(FunctionFailure.Type.HandlerError, HandlerBinding.describe(cause), cause);
  }
}
