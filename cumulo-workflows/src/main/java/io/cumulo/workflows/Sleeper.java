package io.cumulo.workflows;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Blocks until a time; tests pass one that moves a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  /** Returns once {@code until} has passed. */
  void sleepUntil(Instant until) throws InterruptedException;

  /** Sleeps on the real thread against {@code clock}. */
  static Sleeper of(InstantSource clock) {
    return until -> {
      Duration left = Duration.between(clock.instant(), until);
      if (left.isPositive()) {
        Thread.sleep(left);
      }
    };
  }
}
