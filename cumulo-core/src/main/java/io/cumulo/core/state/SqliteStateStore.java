package io.cumulo.core.state;

import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded {@link StateStore}: one SQLite database file in WAL mode with {@code synchronous =
 * FULL}, so a write is on disk when its method returns.
 *
 * <p>Connections: SQLite allows one writer at a time, so all writes go through a single connection
 * guarded by a lock; reads borrow one of a small pool of separate connections, which WAL lets run
 * alongside the writer and which see every committed write.
 *
 * <p>Instants are stored as microseconds since the epoch (anything finer is truncated).
 *
 * <p>Invocation history is bounded: when a {@link #recordInvocations} call takes the table past
 * {@link Config#maxInvocations()} rows, the oldest-recorded rows (lowest rowid) are deleted in the
 * same transaction, down to 99% of the bound, so pruning runs once per ~1% of inserts rather than
 * on every insert. Replacing a record keeps its place in that order.
 */
public final class SqliteStateStore implements StateStore {

  /** The code of every {@link CumuloException} the store throws. */
  static final String ERROR_CODE = "StateStoreError";

  /**
   * How a store is opened.
   *
   * @param maxInvocations the most invocation records kept; default 1,000,000, at least 1
   * @param readConnections how many connections serve reads concurrently; default 2, at least 1
   * @param busyTimeout how long a statement waits for a lock held by another process before
   *     failing; default 5 s
   */
  public record Config(int maxInvocations, int readConnections, Duration busyTimeout) {
    public static final Config DEFAULTS = new Config(1_000_000, 2, Duration.ofSeconds(5));

    public Config {
      if (maxInvocations < 1) {
        throw new IllegalArgumentException(
            "maxInvocations must be at least 1, got " + maxInvocations);
      }
      if (readConnections < 1) {
        throw new IllegalArgumentException(
            "readConnections must be at least 1, got " + readConnections);
      }
      Objects.requireNonNull(busyTimeout, "busyTimeout");
    }

    public Config withMaxInvocations(int max) {
      return new Config(max, readConnections, busyTimeout);
    }
  }

  private final Config config;
  private final SqliteConnections db;

  /** Rows in {@code invocations}; only touched by writes, which the write lock serialises. */
  private long invocationCount;

  private SqliteStateStore(Config config, SqliteConnections connections, long invocationCount) {
    this.config = config;
    this.db = connections;
    this.invocationCount = invocationCount;
  }

  /** Opens (creating if needed) the database at {@code dbFile} with {@link Config#DEFAULTS}. */
  public static SqliteStateStore open(Path dbFile) {
    return open(dbFile, Config.DEFAULTS);
  }

  /**
   * Opens (creating if needed) the database at {@code dbFile}.
   *
   * @throws CumuloException if the file is not a SQLite database, has a newer schema than this
   *     version supports, or cannot be opened
   */
  public static SqliteStateStore open(Path dbFile, Config config) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(config, "config");
    List<Connection> opened = new ArrayList<>();
    try {
      Path parent = dbFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection writer = SqliteConnections.connect(dbFile, config.busyTimeout(), true);
      opened.add(writer);
      SqliteSchema.migrate(writer, dbFile);
      long count = countInvocations(writer);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < config.readConnections(); i++) {
        Connection reader = SqliteConnections.connect(dbFile, config.busyTimeout(), false);
        opened.add(reader);
        readers.add(reader);
      }
      return new SqliteStateStore(config, new SqliteConnections(writer, readers), count);
    } catch (SQLException | IOException | RuntimeException e) {
      opened.forEach(SqliteConnections::closeQuietly);
      throw openFailure(dbFile, e);
    }
  }

  private static long countInvocations(Connection writer) throws SQLException {
    try (Statement statement = writer.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM invocations")) {
      rs.next();
      long count = rs.getLong(1);
      writer.commit();
      return count;
    }
  }

  private static CumuloException openFailure(Path dbFile, Exception e) {
    if (e instanceof CumuloException ce) {
      return ce;
    }
    if (e instanceof SQLiteException se
        && (se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
            || se.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT)) {
      return new CumuloException(
          500,
          ERROR_CODE,
          "state store " + dbFile + " is not a SQLite database or is corrupt",
          e);
    }
    return new CumuloException(500, ERROR_CODE, "cannot open state store " + dbFile, e);
  }

  // ---- apps

  @Override
  public void saveApp(DeployedApp app) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(app.name(), "name");
    Objects.requireNonNull(app.bundleDir(), "bundleDir");
    Objects.requireNonNull(app.deployedAt(), "deployedAt");
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO apps (name, version, bundle_dir, deployed_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, app.name());
            ps.setInt(2, app.version());
            ps.setString(3, app.bundleDir());
            ps.setLong(4, toMicros(app.deployedAt()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<DeployedApp> app(String name) {
    Objects.requireNonNull(name, "name");
    return db.read(c -> first(query(c, "SELECT * FROM apps WHERE name = ?", name, -1, this::app)));
  }

  @Override
  public List<DeployedApp> apps() {
    return db.read(c -> query(c, "SELECT * FROM apps ORDER BY name", null, -1, this::app));
  }

  @Override
  public void deleteApp(String name) {
    Objects.requireNonNull(name, "name");
    db.write(c -> update(c, "DELETE FROM apps WHERE name = ?", name));
  }

  private DeployedApp app(ResultSet rs) throws SQLException {
    return new DeployedApp(
        rs.getString("name"),
        rs.getInt("version"),
        rs.getString("bundle_dir"),
        fromMicros(rs.getLong("deployed_at")));
  }

  // ---- invocations

  @Override
  public void recordInvocations(List<InvocationRecord> records) {
    List<InvocationRecord> batch = List.copyOf(records);
    for (InvocationRecord r : batch) {
      Objects.requireNonNull(r.id(), "id");
      Objects.requireNonNull(r.function(), "function");
      Objects.requireNonNull(r.start(), "start");
      Objects.requireNonNull(r.outcome(), "outcome");
    }
    if (batch.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          // Insert, ignoring only id conflicts, then update the ids that existed, rather than
          // INSERT OR REPLACE: that way the update counts say how many rows are new, which keeps
          // the row count exact without a count(*) scan, and a replaced record keeps its place in
          // pruning order.
          List<InvocationRecord> existing = new ArrayList<>();
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO invocations (function, start, duration_us, cold, outcome,"
                      + " error_type, error_message, billed_mb_ms, attempt, id)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (InvocationRecord r : batch) {
              bindInvocation(insert, r);
              if (insert.executeUpdate() == 0) {
                existing.add(r);
              }
            }
          }
          if (!existing.isEmpty()) {
            try (PreparedStatement update =
                c.prepareStatement(
                    "UPDATE invocations SET function = ?, start = ?, duration_us = ?, cold = ?,"
                        + " outcome = ?, error_type = ?, error_message = ?, billed_mb_ms = ?,"
                        + " attempt = ? WHERE id = ?")) {
              for (InvocationRecord r : existing) {
                bindInvocation(update, r);
                update.addBatch();
              }
              update.executeBatch();
            }
          }
          long count = invocationCount + batch.size() - existing.size();
          if (count > config.maxInvocations()) {
            long keep = config.maxInvocations() - config.maxInvocations() / 100;
            try (PreparedStatement prune =
                c.prepareStatement(
                    "DELETE FROM invocations WHERE rowid IN"
                        + " (SELECT rowid FROM invocations ORDER BY rowid LIMIT ?)")) {
              prune.setLong(1, count - keep);
              count -= prune.executeUpdate();
            }
          }
          return count;
        },
        count -> invocationCount = count);
  }

  private static void bindInvocation(PreparedStatement ps, InvocationRecord r) throws SQLException {
    ps.setString(1, r.function());
    ps.setLong(2, toMicros(r.start()));
    ps.setLong(3, r.durationMicros());
    ps.setInt(4, r.coldStart() ? 1 : 0);
    ps.setString(5, r.outcome());
    ps.setString(6, r.errorType());
    ps.setString(7, r.errorMessage());
    ps.setLong(8, r.billedMbMs());
    ps.setInt(9, r.attempt());
    ps.setString(10, r.id());
  }

  @Override
  public Optional<InvocationRecord> invocation(String id) {
    Objects.requireNonNull(id, "id");
    return db.read(
        c -> first(query(c, "SELECT * FROM invocations WHERE id = ?", id, -1, this::invocation)));
  }

  @Override
  public List<InvocationRecord> recentInvocations(String function, int limit) {
    Objects.requireNonNull(function, "function");
    requireLimit(limit);
    return db.read(
        c ->
            query(
                c,
                "SELECT * FROM invocations WHERE function = ? ORDER BY start DESC, rowid DESC"
                    + " LIMIT ?",
                function,
                limit,
                this::invocation));
  }

  private InvocationRecord invocation(ResultSet rs) throws SQLException {
    return new InvocationRecord(
        rs.getString("id"),
        rs.getString("function"),
        fromMicros(rs.getLong("start")),
        rs.getLong("duration_us"),
        rs.getInt("cold") != 0,
        rs.getString("outcome"),
        rs.getString("error_type"),
        rs.getString("error_message"),
        rs.getLong("billed_mb_ms"),
        rs.getInt("attempt"));
  }

  // ---- dead letters

  @Override
  public void addDeadLetter(DeadLetter letter) {
    Objects.requireNonNull(letter, "letter");
    Objects.requireNonNull(letter.eventId(), "eventId");
    Objects.requireNonNull(letter.function(), "function");
    Objects.requireNonNull(letter.kind(), "kind");
    Objects.requireNonNull(letter.payload(), "payload");
    Objects.requireNonNull(letter.createdAt(), "createdAt");
    Objects.requireNonNull(letter.failedAt(), "failedAt");
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO dead_letters (event_id, function, kind, payload,"
                      + " created_at, failed_at, attempts, error_type, error_message)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, letter.eventId());
            ps.setString(2, letter.function());
            ps.setString(3, letter.kind());
            ps.setBytes(4, letter.payload());
            ps.setLong(5, toMicros(letter.createdAt()));
            ps.setLong(6, toMicros(letter.failedAt()));
            ps.setInt(7, letter.attempts());
            ps.setString(8, letter.errorType());
            ps.setString(9, letter.errorMessage());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<DeadLetter> deadLetters(String function, int limit) {
    Objects.requireNonNull(function, "function");
    requireLimit(limit);
    return db.read(
        c ->
            query(
                c,
                "SELECT * FROM dead_letters WHERE function = ?"
                    + " ORDER BY failed_at, event_id LIMIT ?",
                function,
                limit,
                this::deadLetter));
  }

  @Override
  public Optional<DeadLetter> deadLetter(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    return db.read(
        c ->
            first(
                query(
                    c,
                    "SELECT * FROM dead_letters WHERE event_id = ?",
                    eventId,
                    -1,
                    this::deadLetter)));
  }

  @Override
  public boolean removeDeadLetter(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    return db.write(c -> update(c, "DELETE FROM dead_letters WHERE event_id = ?", eventId) > 0);
  }

  @Override
  public void saveApiKey(ApiKey key) {
    Objects.requireNonNull(key, "key");
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO api_keys (id, app, name, sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.app());
            ps.setString(3, key.name());
            ps.setString(4, key.sha256Hex());
            ps.setLong(5, toMicros(key.createdAt()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<ApiKey> apiKeys(String app) {
    Objects.requireNonNull(app, "app");
    return db.read(
        c -> query(c, "SELECT * FROM api_keys WHERE app = ? ORDER BY created_at, id", app, -1, this::apiKey));
  }

  @Override
  public Optional<ApiKey> apiKeyByHash(String sha256Hex) {
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    return db.read(
        c -> first(query(c, "SELECT * FROM api_keys WHERE sha256 = ?", sha256Hex, -1, this::apiKey)));
  }

  @Override
  public boolean deleteApiKey(String app, String id) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(id, "id");
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_keys WHERE app = ? AND id = ?")) {
            ps.setString(1, app);
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private ApiKey apiKey(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getString("id"),
        rs.getString("app"),
        rs.getString("name"),
        rs.getString("sha256"),
        fromMicros(rs.getLong("created_at")));
  }

  private DeadLetter deadLetter(ResultSet rs) throws SQLException {
    return new DeadLetter(
        rs.getString("event_id"),
        rs.getString("function"),
        rs.getString("kind"),
        rs.getBytes("payload"),
        fromMicros(rs.getLong("created_at")),
        fromMicros(rs.getLong("failed_at")),
        rs.getInt("attempts"),
        rs.getString("error_type"),
        rs.getString("error_message"));
  }

  @Override
  public void close() {
    db.close();
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> query(
      Connection c, String sql, String key, int limit, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int index = 1;
      if (key != null) {
        ps.setString(index++, key);
      }
      if (limit >= 0) {
        ps.setInt(index, limit);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    }
  }

  private static int update(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      return ps.executeUpdate();
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.stream().findFirst();
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
  }

  static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
