package io.cumulo.core.state;

import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.core.workflows.WorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The embedded {@link WorkflowStore}: executions and histories in their own SQLite file
 * ({@code workflows.db}, WAL, {@code synchronous = FULL}). One writer thread commits every save
 * waiting at that moment in a single transaction (group commit): one fsync covers the transitions
 * of many executions, while each execution still waits for its own save before it goes on.
 */
public final class SqliteWorkflowStore implements WorkflowStore, AutoCloseable {
  /** The most saves committed in one transaction. */
  private static final int MAX_BATCH = 2_000;
  private static final String COLUMNS = "id, app, workflow, status, definition, input, output, error, cause,"
      + " started_at, stopped_at, state";

  private record Write(boolean create, ExecutionRecord execution, List<HistoryEntry> history,
      CompletableFuture<Void> done) {}

  private final SqliteConnections db;
  private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  private SqliteWorkflowStore(SqliteConnections db) {
    this.db = db;
    this.writer = Thread.ofPlatform().name("cumulo-workflow-store").daemon().start(this::writeLoop);
  }

  /** Opens (creating if needed) a workflow database. */
  public static SqliteWorkflowStore open(Path dbFile) {
    return new SqliteWorkflowStore(SqliteConnections.open(dbFile, "workflow database", 2, List.of("""
            CREATE TABLE IF NOT EXISTS executions (
              id TEXT PRIMARY KEY NOT NULL, app TEXT NOT NULL, workflow TEXT NOT NULL,
              status TEXT NOT NULL, definition TEXT NOT NULL, input TEXT NOT NULL,
              output TEXT, error TEXT, cause TEXT,
              started_at INTEGER NOT NULL, stopped_at INTEGER, state TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS executions_by_workflow ON executions (app, workflow, started_at)",
        "CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status)", """
            CREATE TABLE IF NOT EXISTS history (
              execution_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, state TEXT,
              detail TEXT NOT NULL, at INTEGER NOT NULL,
              PRIMARY KEY (execution_id, seq)) WITHOUT ROWID""")));
  }


  @Override
  public CompletableFuture<Void> create(ExecutionRecord execution, List<HistoryEntry> history) {
    return enqueue(new Write(true, execution, List.copyOf(history), new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> save(ExecutionRecord execution, List<HistoryEntry> history) {
    return enqueue(new Write(false, execution, List.copyOf(history), new CompletableFuture<>()));
  }

  private CompletableFuture<Void> enqueue(Write write) {
    if (closed) {
      write.done().completeExceptionally(new IllegalStateException("the workflow store is closed"));
    } else {
      queue.add(write);
    }
    return write.done();
  }

  private void writeLoop() {
    List<Write> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Write first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /** Commits a batch in one transaction; if it fails, each write alone, so one bad write fails only itself. */
  private void commit(List<Write> batch) {
    try {
      db.write(c -> {
        apply(c, batch);
        return null;
      });
      batch.forEach(w -> w.done().complete(null));
    } catch (RuntimeException batchFailure) {
      for (Write write : batch) {
        try {
          db.write(c -> {
            apply(c, List.of(write));
            return null;
          });
          write.done().complete(null);
        } catch (RuntimeException e) {
          write.done().completeExceptionally(e);
        }
      }
    }
  }

  /** Applies writes with one prepared statement of each kind, so a large batch does not re-prepare them. */
  private static void apply(Connection c, List<Write> writes) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO executions (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
        PreparedStatement update = c.prepareStatement("UPDATE executions SET status = ?, output = ?, error = ?,"
            + " cause = ?, stopped_at = ?, state = ? WHERE id = ?");
        PreparedStatement history = c.prepareStatement(
            "INSERT INTO history (execution_id, seq, type, state, detail, at) VALUES (?, ?, ?, ?, ?, ?)")) {
      boolean anyHistory = false;
      for (Write write : writes) {
        ExecutionRecord e = write.execution();
        if (write.create()) {
          bind(insert, e);
          if (insert.executeUpdate() == 0) {
            throw new IllegalArgumentException("an execution with id " + e.id() + " exists already");
          }
        } else {
          update.setString(1, e.status());
          update.setString(2, e.output());
          update.setString(3, e.error());
          update.setString(4, e.cause());
          setInstant(update, 5, e.stoppedAt());
          update.setString(6, e.state());
          update.setString(7, e.id());
          if (update.executeUpdate() == 0) {
            throw new IllegalArgumentException("no execution " + e.id() + " to save");
          }
        }
        for (HistoryEntry h : write.history()) {
          history.setString(1, e.id());
          history.setLong(2, h.sequence());
          history.setString(3, h.type());
          history.setString(4, h.state());
          history.setString(5, h.detail());
          setInstant(history, 6, h.time());
          history.addBatch();
          anyHistory = true;
        }
      }
      if (anyHistory) {
        history.executeBatch();
      }
    }
  }

  private static void bind(PreparedStatement insert, ExecutionRecord e) throws SQLException {
    insert.setString(1, e.id());
    insert.setString(2, e.app());
    insert.setString(3, e.workflow());
    insert.setString(4, e.status());
    insert.setString(5, e.definition());
    insert.setString(6, e.input());
    insert.setString(7, e.output());
    insert.setString(8, e.error());
    insert.setString(9, e.cause());
    setInstant(insert, 10, e.startedAt());
    setInstant(insert, 11, e.stoppedAt());
    insert.setString(12, e.state());
  }

  @Override
  public Optional<ExecutionRecord> get(String id) {
    List<ExecutionRecord> found = query("SELECT " + COLUMNS + " FROM executions WHERE id = ?", id);
    return found.stream().findFirst();
  }

  @Override
  public List<ExecutionRecord> list(String app, String workflow, String status, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000, not " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM executions WHERE app = ?");
    List<Object> args = new ArrayList<>(List.of(app));
    if (workflow != null) {
      sql.append(" AND workflow = ?");
      args.add(workflow);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status);
    }
    sql.append(" ORDER BY started_at DESC, id LIMIT ").append(limit);
    return query(sql.toString(), args.toArray());
  }

  @Override
  public List<ExecutionRecord> running() {
    return query("SELECT " + COLUMNS + " FROM executions WHERE status = ? ORDER BY started_at", ExecutionRecord.RUNNING);
  }

  @Override
  public List<HistoryEntry> history(String id, long afterSequence, int limit) {
    return db.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT seq, type, state, detail, at FROM history"
          + " WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        select.setString(1, id);
        select.setLong(2, afterSequence);
        select.setInt(3, limit);
        List<HistoryEntry> entries = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            entries.add(new HistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getLong(5))));
          }
        }
        return entries;
      }
    });
  }

  private List<ExecutionRecord> query(String sql, Object... args) {
    return db.read(c -> {
      try (PreparedStatement select = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          select.setString(i + 1, (String) args[i]);
        }
        List<ExecutionRecord> records = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            long stopped = rs.getLong(11);
            Instant stoppedAt = rs.wasNull() ? null : instant(stopped);
            records.add(new ExecutionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                instant(rs.getLong(10)), stoppedAt, rs.getString(12)));
          }
        }
        return records;
      }
    });
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, java.sql.Types.INTEGER);
    } else {
      statement.setLong(index, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
    }
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Commits what is queued, then closes; saves after this fail. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    db.close();
  }
}
