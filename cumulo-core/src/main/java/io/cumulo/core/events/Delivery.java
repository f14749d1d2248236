package io.cumulo.core.events;

/**
 * An event claimed from the log for one delivery attempt.
 *
 * @param event the event
 * @param attempt which attempt this is, starting at 1
 */
public record Delivery(Event event, int attempt) {}
