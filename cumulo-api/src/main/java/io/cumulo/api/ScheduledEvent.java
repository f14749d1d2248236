package io.cumulo.api;

/**
 * The input of a function triggered by a {@code schedule} trigger, shaped like an EventBridge
 * scheduled event.
 *
 * @param id the event's id, stable across retries
 * @param time when the schedule fired, ISO-8601 UTC (e.g. {@code 2026-11-22T10:15:00Z})
 * @param schedule the trigger's expression, e.g. {@code rate(5 minutes)} or {@code cron(0 12 * * ? *)}
 */
public record ScheduledEvent(String id, String time, String schedule) {}
