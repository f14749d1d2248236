package io.cumulo.core.events;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** An InstantSource that moves only when a test says so. */
final class FakeClock implements InstantSource {

  private volatile Instant now;

  FakeClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }
}
