package io.cumulo.core.state;

import io.cumulo.core.CumuloException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one SQLite database. SQLite allows one writer at a time, so every write runs
 * in a transaction on a single connection behind a lock; reads borrow one of a small pool of
 * autocommit connections, which WAL lets run alongside the writer and which see every commit.
 * A {@link SQLException} leaves as a {@link CumuloException} that does not show the SQL.
 */
final class SqliteConnections implements AutoCloseable {

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers;

  /**
   * Operations hold the read side; close takes the write side, so it never closes a connection
   * under a running operation.
   */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  /** Takes ownership of the connections, which {@link #connect} opened. */
  SqliteConnections(Connection writer, List<Connection> readers) {
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /**
   * Opens a connection: the writer in WAL mode with {@code synchronous = FULL} and manual commits,
   * a reader with {@code query_only}. Fails here, rather than at the first query, if the file is
   * not a database.
   */
  static Connection connect(Path dbFile, Duration busyTimeout, boolean forWrites)
      throws SQLException {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    sqlite.enforceForeignKeys(true);
    if (forWrites) {
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      // FULL also syncs the WAL on every commit: an acknowledged write survives a power loss.
      sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    Connection connection = sqlite.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      // Applying the pragmas does not always read the file, so a garbage file would only show up
      // at the first query; read the schema now to fail at open instead.
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

  /**
   * Opens a database for one store: creates its folder, runs {@code schema} (idempotent DDL) on
   * the writer and commits it, then opens {@code readers} read connections.
   *
   * @param what the store's name for the error message, e.g. {@code table database}
   * @throws CumuloException naming the file when it cannot be opened
   */
  static SqliteConnections open(Path dbFile, String what, int readerCount, List<String> schema) {
    List<Connection> opened = new java.util.ArrayList<>();
    try {
      java.nio.file.Files.createDirectories(dbFile.toAbsolutePath().getParent());
      Connection writer = connect(dbFile, Duration.ofSeconds(5), true);
      opened.add(writer);
      try (Statement statement = writer.createStatement()) {
        for (String ddl : schema) {
          statement.execute(ddl);
        }
        writer.commit();
      }
      List<Connection> readerConnections = new java.util.ArrayList<>();
      for (int i = 0; i < readerCount; i++) {
        Connection reader = connect(dbFile, Duration.ofSeconds(5), false);
        opened.add(reader);
        readerConnections.add(reader);
      }
      return new SqliteConnections(writer, readerConnections);
    } catch (SQLException | java.io.IOException e) {
      opened.forEach(SqliteConnections::closeQuietly);
      throw new CumuloException(500, SqliteStateStore.ERROR_CODE, "cannot open the " + what + " "
          + dbFile + ": " + e.getMessage(), e);
    }
  }

  <T> T write(SqlWork<T> work) {
    return write(work, result -> {});
  }

  /**
   * Runs {@code work} in one transaction on the write connection; {@code onCommit} sees the result
   * once the commit succeeded, still under the write lock, so it may update state the lock guards.
   */
  <T> T write(SqlWork<T> work, Consumer<T> onCommit) {
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

  /** Runs {@code work} on a read connection, waiting for one to be free. */
  <T> T read(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      Connection connection;
      try {
        connection = readers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CumuloException(
            500, SqliteStateStore.ERROR_CODE, "interrupted waiting for the state store", e);
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
    return new CumuloException(500, SqliteStateStore.ERROR_CODE, "state store failure", e);
  }

  /** Closes every connection once running operations end; later operations fail. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(writer);
      readers.forEach(SqliteConnections::closeQuietly);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing is pending on a connection we close: every write has committed or rolled back.
    }
  }
}
