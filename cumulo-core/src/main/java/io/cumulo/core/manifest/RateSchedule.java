package io.cumulo.core.manifest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code rate(N unit)}: fires at every multiple of {@code period} since the epoch. Aligning to the
 * epoch rather than to the deploy time means every node and every restart agrees on the instants.
 */
record RateSchedule(String expression, Duration period) implements Schedule {
  private static final Pattern FORM = Pattern.compile("rate\\(\\s*(\\d{1,9})\\s+([a-z]+)\\s*\\)");
  private static final Map<String, Duration> UNITS = Map.of(
      "second", Duration.ofSeconds(1),
      "minute", Duration.ofMinutes(1),
      "hour", Duration.ofHours(1),
      "day", Duration.ofDays(1));
  private static final String EXAMPLE =
      "write rate(N unit) with unit second(s), minute(s), hour(s) or day(s), e.g. rate(5 minutes)";

  static RateSchedule parse(String expression) {
    var match = FORM.matcher(expression);
    if (!match.matches()) {
      throw new IllegalArgumentException("'" + expression + "' is not a rate; " + EXAMPLE);
    }
    long count = Long.parseLong(match.group(1));
    String word = match.group(2);
    boolean plural = word.endsWith("s");
    String unit = plural ? word.substring(0, word.length() - 1) : word;
    Duration step = UNITS.get(unit);
    if (step == null) {
      throw new IllegalArgumentException(
          "'" + expression + "' has unknown unit '" + word + "'; " + EXAMPLE);
    }
    if (count == 0) {
      throw new IllegalArgumentException("'" + expression + "' never fires; the rate must be at least 1");
    }
    if (count == 1 && plural) {
      throw new IllegalArgumentException(
          "'" + expression + "': with 1 use the singular, e.g. rate(1 " + unit + ")");
    }
    if (count > 1 && !plural) {
      throw new IllegalArgumentException(
          "'" + expression + "': with " + count + " use the plural, e.g. rate(" + count + " " + unit + "s)");
    }
    return new RateSchedule(expression, step.multipliedBy(count));
  }

  @Override
  public Instant nextAfter(Instant after) {
    long periodSeconds = period.toSeconds();
    // floorDiv keeps the alignment right before the epoch too; an instant exactly on a multiple
    // is not "after" it, so the next multiple is always one period further.
    long index = Math.floorDiv(after.getEpochSecond(), periodSeconds);
    return Instant.ofEpochSecond(Math.multiplyExact(index + 1, periodSeconds));
  }
}
