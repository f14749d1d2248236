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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
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
 * {@link Config#maxInvocations()} rows, the oldest-recorded rows are deleted in the same
 * transaction, down to 99% of the bound, so pruning runs once per ~1% of inserts rather than on
 * every insert. Replacing a record keeps its place in that order.
 */
public final class SqliteStateStore implements StateStore {

  /** The schema this code creates and understands, kept in SQLite's {@code user_version}. */
  static final int SCHEMA_VERSION = 1;

  private static final String ERROR_CODE = "StateStoreError";

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
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers;
  /**
   * Operations hold the read side; close takes the write side, so it never closes a connection
   * under a running operation.
   */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;
  /** Rows in {@code invocations}; guarded by {@link #writeLock}. */
  private long invocationCount;

  private SqliteStateStore(
      Config config, Connection writer, List<Connection> readers, long invocationCount) {
    this.config = config;
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
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
      Connection writer = connect(dbFile, config, true);
      opened.add(writer);
      migrate(writer, dbFile);
      long count = countInvocations(writer);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < config.readConnections(); i++) {
        Connection reader = connect(dbFile, config, false);
        opened.add(reader);
        readers.add(reader);
      }
      return new SqliteStateStore(config, writer, readers, count);
    } catch (SQLException | IOException | RuntimeException e) {
      opened.forEach(SqliteStateStore::closeQuietly);
      throw openFailure(dbFile, e);
    }
  }

  private static Connection connect(Path dbFile, Config config, boolean forWrites)
      throws SQLException {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
    sqlite.enforceForeignKeys(true);
    if (forWrites) {
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      // FULL also syncs the WAL on every commit: an acknowledged write survives a power loss.
      sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    Connection connection = sqlite.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      // Applying the pragmas does not always read the file, so a garbage file would only show
      // up at the first query; touch the schema now to fail at open instead.
      statement.execute("SELECT count(*) FROM sqlite_schema");
      if (forWrites) {
        connection.setAutoCommit(false);
      } else {
        statement.execute("PRAGMA query_only = ON");
      }
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
    return connection;
  }

  private static void migrate(Connection writer, Path dbFile) throws SQLException {
    int version;
    try (Statement statement = writer.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new CumuloException(
          500,
          ERROR_CODE,
          "state store "
              + dbFile
              + " has schema version "
              + version
              + ", newer than version "
              + SCHEMA_VERSION
              + " that this Cumulo understands; upgrade Cumulo to open it");
    }
    if (version == SCHEMA_VERSION) {
      return;
    }
    try (Statement statement = writer.createStatement()) {
      statement.execute(
          """
          CREATE TABLE apps (
            name TEXT PRIMARY KEY NOT NULL,
            version INTEGER NOT NULL,
            bundle_dir TEXT NOT NULL,
            deployed_at INTEGER NOT NULL)""");
      statement.execute(
          """
          CREATE TABLE invocations (
            id TEXT PRIMARY KEY NOT NULL,
            function TEXT NOT NULL,
            start INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            cold INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            error_type TEXT,
            error_message TEXT,
            billed_mb_ms INTEGER NOT NULL,
            attempt INTEGER NOT NULL)""");
      statement.execute("CREATE INDEX invocations_by_function ON invocations (function, start)");
      statement.execute(
          """
          CREATE TABLE dead_letters (
            event_id TEXT PRIMARY KEY NOT NULL,
            function TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            failed_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            error_type TEXT,
            error_message TEXT)""");
      statement.execute(
          "CREATE INDEX dead_letters_by_function ON dead_letters (function, failed_at)");
      statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      writer.commit();
    } catch (SQLException e) {
      writer.rollback();
      throw e;
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
    write(
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
    return read(c -> first(query(c, "SELECT * FROM apps WHERE name = ?", name, -1, this::app)));
  }

  @Override
  public List<DeployedApp> apps() {
    return read(c -> query(c, "SELECT * FROM apps ORDER BY name", null, -1, this::app));
  }

  @Override
  public void deleteApp(String name) {
    Objects.requireNonNull(name, "name");
    write(c -> update(c, "DELETE FROM apps WHERE name = ?", name));
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
    write(
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
    return read(
        c -> first(query(c, "SELECT * FROM invocations WHERE id = ?", id, -1, this::invocation)));
  }

  @Override
  public List<InvocationRecord> recentInvocations(String function, int limit) {
    Objects.requireNonNull(function, "function");
    requireLimit(limit);
    return read(
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
    write(
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
    return read(
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
    return read(
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
    return write(c -> update(c, "DELETE FROM dead_letters WHERE event_id = ?", eventId) > 0);
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

  // ---- lifecycle

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(writer);
      readers.forEach(SqliteStateStore::closeQuietly);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing is pending on a connection we close: every write has committed or rolled back.
    }
  }

  // ---- plumbing

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> T write(SqlWork<T> work) {
    return write(work, result -> {});
  }

  /**
   * Runs {@code work} in one transaction on the write connection; {@code onCommit} sees the result
   * once the commit succeeded, still under the write lock.
   */
  private <T> T write(SqlWork<T> work, Consumer<T> onCommit) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      writeLock.lock();
      try {
        T result = work.run(writer);
        writer.commit();
        onCommit.accept(result);
        return result;
      } catch (SQLException e) {
        rollback(e);
        throw failure(e);
      } catch (RuntimeException | Error e) {
        // Roll back whatever failed, or the next write's commit would take its partial work along.
        rollback(e);
        throw e;
      } finally {
        writeLock.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void rollback(Throwable failure) {
    try {
      writer.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private <T> T read(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      Connection connection;
      try {
        connection = readers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CumuloException(500, ERROR_CODE, "interrupted waiting for the state store", e);
      }
      try {
        return work.run(connection);
      } catch (SQLException e) {
        throw failure(e);
      } finally {
        readers.add(connection);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("state store is closed");
    }
  }

  private static CumuloException failure(SQLException e) {
    return new CumuloException(500, ERROR_CODE, "state store failure", e);
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
