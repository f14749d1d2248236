package io.cumulo.core.runtime;

import io.cumulo.api.Handler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one function version. Scales from zero (or {@code minInstances}) up to
 * {@code maxInstances} on demand, lends each instance to at most {@code concurrency} invocations
 * at once, queues at most {@code maxQueued} callers when all are busy, and scales idle instances
 * in after {@code idleTimeout}.
 *
 * <p>One lock guards the pool; handler construction (the cold start) runs outside it.
 */
final class InstancePool {
  private final HandlerBinding binding;
  private final int concurrency;
  private final int minInstances;
  private final int maxInstances;
  private final int maxQueued;
  private final Duration idleTimeout;
  private final InstantSource clock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Instances with a free slot, most recently used first, so the others go idle and get reaped. */
  private final ArrayDeque<Instance> withFreeSlot = new ArrayDeque<>();
  private final Set<Instance> instances = new LinkedHashSet<>();
  private int creating;
  private int waiting;
  private int inFlight;
  private long abandoned;

  InstancePool(
      HandlerBinding binding,
      int concurrency,
      int minInstances,
      int maxInstances,
      int maxQueued,
      Duration idleTimeout,
      InstantSource clock) {
    this.binding = binding;
    this.concurrency = concurrency;
    this.minInstances = minInstances;
    this.maxInstances = maxInstances;
    this.maxQueued = maxQueued;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
  }

  /** One instance: a handler object and how many invocations it is serving now. */
  static final class Instance {
    final Handler<Object, Object> handler;
    int inFlight;
    Instant lastUsed;

    Instance(Handler<Object, Object> handler, Instant now) {
      this.handler = handler;
      this.lastUsed = now;
    }
  }

  /** A slot on an instance, held for one invocation. */
  record Lease(Instance instance, boolean coldStart) {}

  /** Creates the {@code minInstances} warm instances; failures surface on first use instead. */
  void prewarm() {
    for (int i = 0; i < minInstances; i++) {
      try {
        Instance instance = new Instance(binding.newHandler(), clock.instant());
        lock.lock();
        try {
          instances.add(instance);
          withFreeSlot.addLast(instance);
        } finally {
          lock.unlock();
        }
      } catch (FunctionFailure e) {
        return;
      }
    }
  }

  /**
   * Takes a slot, creating an instance when none has one and the pool may grow, else waiting.
   *
   * @param maxWait how long to wait for a slot before failing as throttled
   * @throws FunctionFailure Throttled when the wait queue is full or the wait runs out;
   *     HandlerError when a new instance's constructor fails
   */
  Lease acquire(Duration maxWait) throws InterruptedException {
    long remaining = maxWait.toNanos();
    lock.lock();
    try {
      while (true) {
        Instance free = withFreeSlot.peekFirst();
        if (free != null) {
          if (++free.inFlight == concurrency) {
            withFreeSlot.pollFirst();
          }
          inFlight++;
          return new Lease(free, false);
        }
        if (instances.size() + creating < maxInstances) {
          return createInstance();
        }
        if (waiting >= maxQueued) {
          throw new FunctionFailure(FunctionFailure.Type.Throttled, "all " + maxInstances
              + " instances are busy and " + maxQueued + " invocations are already waiting");
        }
        if (remaining <= 0) {
          throw new FunctionFailure(FunctionFailure.Type.Throttled,
              "no instance became free within " + maxWait.toMillis() + " ms");
        }
        waiting++;
        try {
          remaining = changed.awaitNanos(remaining);
        } finally {
          waiting--;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held; releases it while the handler is constructed. */
  private Lease createInstance() {
    creating++;
    lock.unlock();
    Handler<Object, Object> handler;
    try {
      handler = binding.newHandler();
    } catch (RuntimeException | Error e) {
      lock.lock();
      creating--;
      changed.signal();
      throw e;
    }
    lock.lock();
    creating--;
    Instance instance = new Instance(handler, clock.instant());
    instance.inFlight = 1;
    instances.add(instance);
    if (concurrency > 1) {
      withFreeSlot.addFirst(instance);
    }
    inFlight++;
    return new Lease(instance, true);
  }

  /** Gives a slot back after an invocation that left the instance usable. */
  void release(Lease lease) {
    Instance instance = lease.instance();
    lock.lock();
    try {
      inFlight--;
      instance.lastUsed = clock.instant();
      if (instance.inFlight-- == concurrency && instances.contains(instance)) {
        withFreeSlot.addFirst(instance);
      }
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Recycles the instance behind a lease whose invocation timed out or broke it: no new work goes
   * to it, and the pool may create a fresh one in its place. The abandoned handler's thread has
   * been interrupted; if it ignores that, it runs on unobserved and is counted.
   */
  void discard(Lease lease) {
    lock.lock();
    try {
      inFlight--;
      lease.instance().inFlight--;
      if (instances.remove(lease.instance())) {
        withFreeSlot.remove(lease.instance());
        abandoned++;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes instances idle for longer than the idle timeout, keeping {@code minInstances}. */
  int reapIdle() {
    Instant cutoff = clock.instant().minus(idleTimeout);
    List<Instance> idle = new ArrayList<>();
    lock.lock();
    try {
      for (Instance instance : instances) {
        if (instances.size() - idle.size() <= minInstances) {
          break;
        }
        if (instance.inFlight == 0 && instance.lastUsed.isBefore(cutoff)) {
          idle.add(instance);
        }
      }
      idle.forEach(instances::remove);
      withFreeSlot.removeAll(idle);
      return idle.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no invocation is in flight or waiting; returns whether that happened in time. */
  boolean awaitDrained(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (inFlight > 0 || waiting > 0 || creating > 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A consistent snapshot of the pool's sizes. */
  PoolStats stats() {
    lock.lock();
    try {
      int busy = 0;
      for (Instance instance : instances) {
        if (instance.inFlight > 0) {
          busy++;
        }
      }
      return new PoolStats(instances.size() + creating, instances.size() - busy, busy + creating,
          waiting, inFlight, abandoned);
    } finally {
      lock.unlock();
    }
  }
}
