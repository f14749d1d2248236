package io.cumulo.core.tables;

import io.cumulo.api.tables.TablePage;
import java.util.Optional;

/**
 * The apps' tables: the platform side of {@code ctx.tables()}. Embedded: SQLite; distributed:
 * PostgreSQL. Every write is durable when it returns, and the change is handed to the app's
 * {@code table:} triggers at least once (written in the same transaction as the row, then
 * delivered). Implementations check names, keys and values against the limits documented on
 * {@link io.cumulo.api.tables.Tables} and throw {@link IllegalArgumentException} naming what is
 * wrong.
 */
public interface TableStore {

  /** Stores a row if its key is new; false (and nothing changed) when it exists. */
  boolean insert(String app, String table, String key, String json);

  /** Stores or replaces a row. */
  void put(String app, String table, String key, String json);

  /** A row's value. */
  Optional<String> get(String app, String table, String key);

  /** Removes a row; whether it existed. */
  boolean delete(String app, String table, String key);

  /** Rows in key order after {@code afterKey} (null for the first page), at most {@code limit}. */
  TablePage list(String app, String table, String afterKey, int limit);

  /**
   * Records a change of a table kept elsewhere (a service's own database), durably, for the
   * app's triggers.
   *
   * @param source the reporting service
   * @throws IllegalArgumentException for a bad name, key, operation or image
   */
  void report(String app, String table, String source, String operation, String key, String newImage,
      String oldImage);

  /** The oldest changes not yet acknowledged, in sequence order, at most {@code limit}. */
  java.util.List<PendingChange> pendingChanges(int limit);

  /** Forgets the changes up to and including {@code sequence}: their events are durable. */
  void acknowledge(long sequence);
}
