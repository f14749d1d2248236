package io.cumulo.core.runtime;

import io.cumulo.core.events.Delivery;
import io.cumulo.core.events.Event;
import io.cumulo.core.events.EventLog;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.state.DeadLetter;
import io.cumulo.core.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events from the log to their functions, at least once. A failed attempt is retried
 * after an exponential backoff with jitter, up to the function's {@code maxAttempts}; then the
 * event goes to the dead-letter queue (written durably before the event is completed in the log,
 * so a crash between the two re-delivers rather than loses it).
 */
public final class EventDispatcher implements AutoCloseable {
  /** Default bound on deliveries running at once across all functions. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1_024;
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  /** A throttled delivery waits this long and keeps its attempt number: the function was busy, not broken. */
  private static final Duration THROTTLED_RETRY = Duration.ofMillis(200);

  private final EventLog events;
  private final FunctionRuntime runtime;
  private final StateStore state;
  private final RetryBackoff backoff;
  private final InstantSource clock;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Thread poller;
  private volatile boolean closed;

  public EventDispatcher(
      EventLog events,
      FunctionRuntime runtime,
      StateStore state,
      RetryBackoff backoff,
      int maxInFlight,
      InstantSource clock) {
    this.events = events;
    this.runtime = runtime;
    this.state = state;
    this.backoff = backoff;
    this.clock = clock;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxInFlight = maxInFlight;
    this.poller = Thread.ofPlatform().daemon().name("cumulo-event-dispatcher").unstarted(this::run);
  }

  /** Starts delivering. Call after the functions of deployed apps are active. */
  public void start() {
    poller.start();
  }

  private void run() {
    while (!closed) {
      try {
        inFlight.acquire();
        int permits = 1 + inFlight.drainPermits();
        List<Delivery> batch = List.of();
        try {
          batch = events.poll(permits, Duration.ofMillis(500));
        } finally {
          // Each claimed delivery keeps one permit until it finishes; the rest go back now.
          inFlight.release(permits - batch.size());
        }
        for (Delivery delivery : batch) {
          Thread.ofVirtual().name("cumulo-delivery").start(() -> {
            try {
              deliver(delivery);
            } finally {
              inFlight.release();
            }
          });
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("event dispatch failed; continuing", e);
      }
    }
  }

  private void deliver(Delivery delivery) {
    try {
      attempt(delivery);
    } catch (IllegalStateException closedLog) {
      // The server is stopping and the log closed under this delivery; the event is still
      // pending in the log, so it is delivered again after the restart.
      log.debug("event {} left pending at shutdown", delivery.event().id());
    } catch (RuntimeException | Error unexpected) {
      // Never leave an event claimed and forgotten: hand it back for another try.
      log.error("delivering event {} failed unexpectedly; retrying it", delivery.event().id(), unexpected);
      try {
        events.retryLater(delivery.event().id(), delivery.attempt(), clock.instant().plus(THROTTLED_RETRY));
      } catch (RuntimeException e) {
        log.error("could not release event {}; it is delivered again after a restart", delivery.event().id(), e);
      }
    }
  }

  private void attempt(Delivery delivery) {
    Event event = delivery.event();
    try {
      runtime.invoke(event.function(), event.payload(),
          new InvocationRequest(event.id(), delivery.attempt(), null));
      events.complete(event.id());
    } catch (FunctionFailure failure) {
      handleFailure(delivery, failure);
    } catch (RuntimeException e) {
      handleFailure(delivery, new FunctionFailure(FunctionFailure.Type.HandlerError,
          HandlerBinding.describe(e), e));
    }
  }

  private void handleFailure(Delivery delivery, FunctionFailure failure) {
    Event event = delivery.event();
    Instant now = clock.instant();
    switch (failure.type()) {
      case Throttled, Unavailable -> {
        events.retryLater(event.id(), delivery.attempt(), now.plus(THROTTLED_RETRY));
        return;
      }
      default -> { }
    }
    Optional<FunctionSpec> spec = runtime.spec(event.function());
    // A function that is gone (undeployed) will not succeed on retry: dead-letter it at once, so
    // it can be replayed after the function is deployed again.
    boolean retry = spec.isPresent() && delivery.attempt() < spec.get().maxAttempts()
        && failure.type() != FunctionFailure.Type.InvalidInput;
    if (retry) {
      events.retryLater(event.id(), delivery.attempt() + 1, now.plus(backoff.delayAfter(delivery.attempt())));
      return;
    }
    state.addDeadLetter(new DeadLetter(event.id(), event.function(), event.kind(), event.payload(),
        event.createdAt(), now, delivery.attempt(), failure.type().name(), failure.getMessage()));
    events.complete(event.id());
    log.info("event {} for {} went to the dead-letter queue after {} attempt(s): {}",
        event.id(), event.function(), delivery.attempt(), failure.getMessage());
  }

  /**
   * Puts dead letters back into the event log as new events (fresh attempts, new ids), each
   * durable before its dead letter is removed.
   *
   * @return how many were replayed
   */
  public int replay(List<DeadLetter> letters) {
    int replayed = 0;
    for (DeadLetter letter : letters) {
      runtime.append(new Event(UUID.randomUUID().toString(), letter.function(), letter.kind(),
          letter.payload(), clock.instant()));
      state.removeDeadLetter(letter.eventId());
      replayed++;
    }
    return replayed;
  }

  /**
   * Stops claiming events and gives running deliveries a few seconds to finish. Those still
   * running after that stay pending in the log and are delivered again after a restart.
   */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    try {
      poller.join(5_000);
      inFlight.tryAcquire(maxInFlight, 5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
