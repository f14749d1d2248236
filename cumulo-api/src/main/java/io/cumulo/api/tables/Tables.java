package io.cumulo.api.tables;

import java.util.Optional;

/**
 * The app's tables: rows of JSON objects by key, stored durably (SQLite in the embedded mode).
 * Every write is durable when it returns, and fires the app's {@code table:} triggers with a
 * {@link io.cumulo.api.TableChange} at least once.
 *
 * <p>Limits: table names follow bucket-name rules (lowercase letters, digits, '-', 1..63); keys
 * are 1..512 characters; a value is a JSON object of at most 256 KiB.
 */
public interface Tables {

  /**
   * Stores a row only if its key is new, which makes retried requests idempotent.
   *
   * @return true when stored, false when a row with the key already existed (it is unchanged)
   * @throws IllegalArgumentException when the name, key or value break the limits
   */
  boolean insert(String table, String key, String json);

  /** Stores a row, replacing any with the same key. */
  void put(String table, String key, String json);

  /** A row's value, or empty. */
  Optional<String> get(String table, String key);

  /** Removes a row; returns whether it existed. */
  boolean delete(String table, String key);

  /**
   * Reads rows in key order.
   *
   * @param afterKey start after this key; null for the first page
   * @param limit the most rows, 1..1000
   */
  TablePage list(String table, String afterKey, int limit);
}
