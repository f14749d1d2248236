package io.cumulo.core.manifest;

/**
 * Invokes the function on a schedule.
 *
 * @param schedule the parsed expression ({@code rate(5 minutes)}, {@code cron(...)} or five-field cron)
 */
public record ScheduleTrigger(Schedule schedule) implements Trigger {}
