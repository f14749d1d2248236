package io.cumulo.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.api.TableChange;
import io.cumulo.api.tables.TablePage;
import io.cumulo.api.tables.TableRow;
import io.cumulo.core.manifest.TableTrigger;
import io.cumulo.core.tables.PendingChange;
import io.cumulo.core.tables.TableStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded {@link TableStore}: the apps' rows in their own SQLite file ({@code tables.db}, WAL,
 * {@code synchronous = FULL}), apart from the platform's state. Each write also appends its change
 * to an outbox table in the same transaction, so a committed row can never lose its change event:
 * the relay hands outbox rows to the event log and only then acknowledges them.
 */
public final class SqliteTableStore implements TableStore, AutoCloseable {
  /** The longest row key, in characters. */
  public static final int MAX_KEY_CHARS = 512;
  /** The largest row value, in bytes of UTF-8 JSON. */
  public static final int MAX_VALUE_BYTES = 256 * 1024;
  /** The most rows one {@link #list} returns. */
  public static final int MAX_PAGE = 1000;
  private static final String SOURCE = "tables";
  private static final Set<String> OPERATIONS = Set.of(TableChange.INSERT, TableChange.MODIFY, TableChange.REMOVE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqliteConnections db;
  private final InstantSource clock;
  private final Runnable changed;

  private SqliteTableStore(SqliteConnections db, InstantSource clock, Runnable changed) {
    this.db = db;
    this.clock = clock;
    this.changed = changed;
  }

  /**
   * Opens (creating if needed) a table database.
   *
   * @param changed called after every committed change, to wake the relay
   */
  public static SqliteTableStore open(Path dbFile, InstantSource clock, Runnable changed) {
    return new SqliteTableStore(SqliteConnections.open(dbFile, "table database", 2, List.of("""
            CREATE TABLE IF NOT EXISTS table_rows (
              app TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL,
              value TEXT NOT NULL, updated_at INTEGER NOT NULL,
              PRIMARY KEY (app, tbl, key)) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS table_changes (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              app TEXT NOT NULL, tbl TEXT NOT NULL, source TEXT NOT NULL, op TEXT NOT NULL,
              key TEXT NOT NULL, new_value TEXT, old_value TEXT, at INTEGER NOT NULL)""")), clock, changed);
  }

  @Override
  public boolean insert(String app, String table, String key, String json) {
    check(table, key);
    String value = object(json);
    boolean inserted = db.write(c -> {
      if (current(c, app, table, key) != null) {
        return false;
      }
      upsert(c, app, table, key, value);
      outbox(c, app, table, SOURCE, TableChange.INSERT, key, value, null);
      return true;
    });
    if (inserted) {
      changed.run();
    }
    return inserted;
  }

  @Override
  public void put(String app, String table, String key, String json) {
    check(table, key);
    String value = object(json);
    db.write(c -> {
      String old = current(c, app, table, key);
      upsert(c, app, table, key, value);
      outbox(c, app, table, SOURCE, old == null ? TableChange.INSERT : TableChange.MODIFY, key, value, old);
      return null;
    });
    changed.run();
  }

  @Override
  public Optional<String> get(String app, String table, String key) {
    check(table, key);
    return Optional.ofNullable(db.read(c -> current(c, app, table, key)));
  }

  @Override
  public boolean delete(String app, String table, String key) {
    check(table, key);
    boolean existed = db.write(c -> {
      String old = current(c, app, table, key);
      if (old == null) {
        return false;
      }
      try (PreparedStatement delete = c.prepareStatement(
          "DELETE FROM table_rows WHERE app = ? AND tbl = ? AND key = ?")) {
        delete.setString(1, app);
        delete.setString(2, table);
        delete.setString(3, key);
        delete.executeUpdate();
      }
      outbox(c, app, table, SOURCE, TableChange.REMOVE, key, null, old);
      return true;
    });
    if (existed) {
      changed.run();
    }
    return existed;
  }

  @Override
  public TablePage list(String app, String table, String afterKey, int limit) {
    checkTable(table);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", not " + limit);
    }
    return db.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT key, value, updated_at FROM table_rows"
          + " WHERE app = ? AND tbl = ? AND key > ? ORDER BY key LIMIT ?")) {
        select.setString(1, app);
        select.setString(2, table);
        select.setString(3, afterKey == null ? "" : afterKey);
        select.setInt(4, limit + 1);
        List<TableRow> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            rows.add(new TableRow(rs.getString(1), rs.getString(2), micros(rs.getLong(3))));
          }
        }
        if (rows.size() > limit) {
          rows = rows.subList(0, limit);
          return new TablePage(rows, rows.getLast().key());
        }
        return new TablePage(rows, null);
      }
    });
  }

  @Override
  public void report(String app, String table, String source, String operation, String key, String newImage,
      String oldImage) {
    check(table, key);
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException("operation must be one of " + OPERATIONS + ", not '" + operation + "'");
    }
    if (operation.equals(TableChange.REMOVE) != (newImage == null)) {
      throw new IllegalArgumentException(operation.equals(TableChange.REMOVE)
          ? "a REMOVE change has no newImage" : "an " + operation + " change needs the row's newImage");
    }
    String newValue = newImage == null ? null : object(newImage);
    String oldValue = oldImage == null ? null : object(oldImage);
    db.write(c -> {
      outbox(c, app, table, source, operation, key, newValue, oldValue);
      return null;
    });
    changed.run();
  }

  @Override
  public List<PendingChange> pendingChanges(int limit) {
    return db.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT seq, app, tbl, source, op, key, new_value,"
          + " old_value, at FROM table_changes ORDER BY seq LIMIT ?")) {
        select.setInt(1, limit);
        List<PendingChange> changes = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            changes.add(new PendingChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), micros(rs.getLong(9))));
          }
        }
        return changes;
      }
    });
  }

  @Override
  public void acknowledge(long sequence) {
    db.write(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM table_changes WHERE seq <= ?")) {
        delete.setLong(1, sequence);
        return delete.executeUpdate();
      }
    });
  }

  @Override
  public void close() {
    db.close();
  }

  private static String current(Connection c, String app, String table, String key) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT value FROM table_rows WHERE app = ? AND tbl = ? AND key = ?")) {
      select.setString(1, app);
      select.setString(2, table);
      select.setString(3, key);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void upsert(Connection c, String app, String table, String key, String value) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO table_rows (app, tbl, key, value, updated_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (app, tbl, key) DO UPDATE SET value = excluded.value,"
        + " updated_at = excluded.updated_at")) {
      upsert.setString(1, app);
      upsert.setString(2, table);
      upsert.setString(3, key);
      upsert.setString(4, value);
      upsert.setLong(5, micros(clock.instant()));
      upsert.executeUpdate();
    }
  }

  private void outbox(Connection c, String app, String table, String source, String operation, String key,
      String newValue, String oldValue) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO table_changes (app, tbl, source, op, key,"
        + " new_value, old_value, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, app);
      insert.setString(2, table);
      insert.setString(3, source);
      insert.setString(4, operation);
      insert.setString(5, key);
      insert.setString(6, newValue);
      insert.setString(7, oldValue);
      insert.setLong(8, micros(clock.instant()));
      insert.executeUpdate();
    }
  }

  private static void check(String table, String key) {
    checkTable(table);
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS) {
      throw new IllegalArgumentException("a row key is 1.." + MAX_KEY_CHARS + " characters"
          + (key == null ? "" : ", this one has " + key.length()));
    }
  }

  private static void checkTable(String table) {
    if (table == null || !TableTrigger.NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("'" + table + "' is not a valid table name; " + TableTrigger.NAME_RULE);
    }
  }

  /** The value as compact JSON, checked to be an object within the size limit. */
  private static String object(String json) {
    if (json == null) {
      throw new IllegalArgumentException("a row's value is a JSON object, not null");
    }
    if (json.length() > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("a row's value is at most " + MAX_VALUE_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a row's value must be JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a row's value must be a JSON object, e.g. {\"name\": \"Ada\"}");
    }
    String compact = node.toString();
    if (compact.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("a row's value is at most " + MAX_VALUE_BYTES + " bytes of UTF-8");
    }
    return compact;
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
