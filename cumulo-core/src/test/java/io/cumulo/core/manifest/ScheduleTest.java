package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
  /** A Sunday. */
  private static final Instant NOW = Instant.parse("2026-03-15T10:07:30Z");

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      rate(30 seconds) | PT30S
      rate(1 second)   | PT1S
      rate(1 minute)   | PT1M
      rate(5 minutes)  | PT5M
      rate(1 hour)     | PT1H
      rate(2 hours)    | PT2H
      rate(1 day)      | PT24H
      rate(7 days)     | PT168H
      """)
  void parsesRate_whenUnitAgreesWithCount(String expression, Duration period) {
    Schedule schedule = Schedule.parse(expression);

    assertThat(schedule).isEqualTo(new RateSchedule(expression, period));
    assertThat(schedule.expression()).isEqualTo(expression);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      rate(5 minutes)  | 2026-03-15T10:07:30Z      | 2026-03-15T10:10:00Z
      rate(5 minutes)  | 2026-03-15T10:10:00Z      | 2026-03-15T10:15:00Z
      rate(5 minutes)  | 2026-03-15T10:09:59.999Z  | 2026-03-15T10:10:00Z
      rate(30 seconds) | 2026-03-15T10:07:30Z      | 2026-03-15T10:08:00Z
      rate(2 hours)    | 2026-03-15T10:07:30Z      | 2026-03-15T12:00:00Z
      rate(1 day)      | 2026-03-15T10:07:30Z      | 2026-03-16T00:00:00Z
      rate(1 minute)   | 1969-12-31T23:59:59Z      | 1970-01-01T00:00:00Z
      rate(7 days)     | 1970-01-01T00:00:00Z      | 1970-01-08T00:00:00Z
      """)
  void firesOnMultiplesOfPeriodSinceEpoch_whenRate(String expression, Instant after, Instant next) {
    assertThat(Schedule.parse(expression).nextAfter(after)).isEqualTo(next);
  }

  @Test
  void keepsAlignment_whenAskedRepeatedly() {
    Schedule schedule = Schedule.parse("rate(5 minutes)");
    Instant t = NOW;
    for (int i = 0; i < 100; i++) {
      Instant next = schedule.nextAfter(t);
      assertThat(next).isAfter(t);
      assertThat(next.getEpochSecond() % 300).isZero();
      assertThat(Duration.between(t, next)).isLessThanOrEqualTo(Duration.ofMinutes(5));
      t = next;
    }
    assertThat(t).isEqualTo(Instant.parse("2026-03-15T18:25:00Z"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      cron(0 12 * * ? *)            | 2026-03-15T12:00:00Z
      cron(0/10 * * * ? *)          | 2026-03-15T10:10:00Z
      cron(0 8 ? * MON-FRI *)       | 2026-03-16T08:00:00Z
      cron(0 8 ? * 2-6 *)           | 2026-03-16T08:00:00Z
      cron(15 10 ? * 6L 2026)       | 2026-03-27T10:15:00Z
      cron(0 9 L * ? *)             | 2026-03-31T09:00:00Z
      cron(0 10 ? * 2#1 *)          | 2026-04-06T10:00:00Z
      cron(0 0 1 JAN ? *)           | 2027-01-01T00:00:00Z
      cron(0 12 * * ? 2020)         | +1000000000-12-31T23:59:59.999999999Z
      */5 * * * *                   | 2026-03-15T10:10:00Z
      30 2 * * 1                    | 2026-03-16T02:30:00Z
      0 0 1 1 *                     | 2027-01-01T00:00:00Z
      0 9 * * SUN                   | 2026-03-22T09:00:00Z
      """)
  void findsNextTimeInUtc_whenCron(String expression, Instant next) {
    assertThat(Schedule.parse(expression).nextAfter(NOW)).isEqualTo(next);
  }

  @Test
  void firesStrictlyAfter_whenInstantIsAFiringTime() {
    Schedule noon = Schedule.parse("cron(0 12 * * ? *)");

    assertThat(noon.nextAfter(Instant.parse("2026-03-15T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-16T12:00:00Z"));
    assertThat(noon.nextAfter(Instant.parse("2026-03-15T11:59:59.999Z")))
        .isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      rate(5 minute)       | use the plural
      rate(1 minutes)      | use the singular
      rate(0 minutes)      | at least 1
      rate(5 weeks)        | unknown unit 'weeks'
      rate(-1 minutes)     | is not a rate
      rate(five minutes)   | is not a rate
      rate(5minutes)       | is not a rate
      cron(0 12 * * ?)     | has 5 fields; cron(...) needs 6
      cron(0 12 * * * *)   | for the other, e.g.
      cron(0 12 ? * ? *)   | for the other, e.g.
      cron(61 * * * ? *)   | Value 61 not in range [0, 59]
      cron(0 25 * * ? *)   | not a valid cron expression
      cron(0 12 ? * 9 *)   | not a valid cron expression
      */5 * * *            | is not a schedule; use rate(5 minutes)
      every day            | is not a schedule
      ''                   | is not a schedule
      60 * * * *           | not a valid cron expression
      """)
  void rejectsWithReason_whenExpressionIsInvalid(String expression, String fragment) {
    assertThatThrownBy(() -> Schedule.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment);
  }
}
