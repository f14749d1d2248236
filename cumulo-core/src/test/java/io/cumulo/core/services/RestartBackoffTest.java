package io.cumulo.core.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private static final Duration SHORT_RUN = Duration.ofSeconds(2);

  @Test
  void doublesUpToThirtySeconds_whenCrashesFollowEachOther() {
    Duration delay = null;
    StringBuilder delays = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      delay = RestartBackoff.next(delay, SHORT_RUN);
      delays.append(delay.toSeconds()).append(' ');
    }
    assertThat(delays.toString().strip()).isEqualTo("1 2 4 8 16 30 30 30");
  }

  @Test
  void startsOverAtOneSecond_whenTheLastRunWasStableForAMinute() {
    assertThat(RestartBackoff.next(Duration.ofSeconds(16), Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(RestartBackoff.next(Duration.ofSeconds(16), Duration.ofSeconds(59)))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
