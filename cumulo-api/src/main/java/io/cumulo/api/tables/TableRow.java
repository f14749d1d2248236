package io.cumulo.api.tables;

import java.time.Instant;

/**
 * One row of a table.
 *
 * @param key the row's key
 * @param json the row's value, a JSON object as text
 * @param updatedAt when it was last written
 */
public record TableRow(String key, String json, Instant updatedAt) {}
