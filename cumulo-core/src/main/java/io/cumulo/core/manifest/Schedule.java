package io.cumulo.core.manifest;

import java.time.Instant;

/** When a schedule trigger fires. All times are UTC. */
public interface Schedule {

  /** The expression as written in the manifest, e.g. {@code rate(5 minutes)}. */
  String expression();

  /**
   * The first firing time strictly after {@code after}, in UTC, or {@link Instant#MAX} when the
   * schedule never fires again (a cron expression whose years have all passed).
   */
  Instant nextAfter(Instant after);

  /**
   * Parses a schedule expression. Accepted forms:
   *
   * <ul>
   *   <li>{@code rate(N unit)} with unit {@code second}, {@code minute}, {@code hour} or {@code day},
   *       singular only when N is 1 (as in AWS): fires at every multiple of the period since the
   *       epoch, so a restart does not shift it;
   *   <li>{@code cron(min hour day-of-month month day-of-week year)}, the AWS EventBridge dialect:
   *       one of the day fields must be {@code ?}; {@code L}, {@code W} and {@code #} are allowed;
   *       days of the week are 1-7 with 1 = Sunday, or SUN-SAT;
   *   <li>five-field Unix cron, e.g. {@code *}{@code /5 * * * *}, days of the week 0-7 with 0 and 7 = Sunday.
   * </ul>
   *
   * @throws IllegalArgumentException if the expression is none of these, saying what is wrong
   */
  static Schedule parse(String expression) {
    String trimmed = expression.strip();
    if (trimmed.startsWith("rate(")) {
      return RateSchedule.parse(trimmed);
    }
    return CronSchedule.parse(trimmed);
  }
}
