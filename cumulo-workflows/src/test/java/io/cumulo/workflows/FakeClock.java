package io.cumulo.workflows;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it; it records every sleep. */
final class FakeClock implements InstantSource, Sleeper {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private Instant now = START;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public void sleepUntil(Instant until) {
    if (until.isAfter(now)) {
      sleeps.add(Duration.between(now, until));
      now = until;
    }
  }

  List<Duration> sleeps() {
    return sleeps;
  }

  Duration elapsed() {
    return Duration.between(START, now);
  }
}
