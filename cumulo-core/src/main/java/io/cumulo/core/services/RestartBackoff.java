package io.cumulo.core.services;

import java.time.Duration;

/**
 * How long a replica waits before it is started again: {@link #FIRST} after a crash, doubling with
 * every crash in a row up to {@link #MAX}, and back to {@link #FIRST} once a run stayed up for
 * {@link #STABLE}.
 */
final class RestartBackoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(30);
  static final Duration STABLE = Duration.ofMinutes(1);

  private RestartBackoff() {}

  /**
   * @param previous the last delay, or null if the replica never restarted
   * @param lastRun how long the run that just ended was up
   */
  static Duration next(Duration previous, Duration lastRun) {
    if (previous == null || lastRun.compareTo(STABLE) >= 0) {
      return FIRST;
    }
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(MAX) > 0 ? MAX : doubled;
  }
}
