package io.cumulo.core.tables;

import java.time.Instant;

/**
 * A committed row change not yet handed to the app's {@code table:} triggers.
 *
 * @param sequence the change's position in the store's outbox; grows with every change
 * @param source {@code tables} for {@code ctx.tables()} writes, else the reporting service
 * @param operation {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param newImage the row after the change as JSON text, null for REMOVE
 * @param oldImage the row before, or null
 */
public record PendingChange(long sequence, String app, String table, String source, String operation,
    String key, String newImage, String oldImage, Instant time) {}
