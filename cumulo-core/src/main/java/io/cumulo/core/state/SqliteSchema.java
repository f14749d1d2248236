package io.cumulo.core.state;

import io.cumulo.core.CumuloException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The state store's tables, versioned in SQLite's {@code user_version}. Instants are INTEGER
 * microseconds since the epoch; booleans are 0 or 1.
 */
final class SqliteSchema {
  private SqliteSchema() {}

  /** The schema this code creates and understands. */
  static final int VERSION = 2;

  /**
   * Creates the schema in a new database and checks the version of an existing one, on the write
   * connection (in manual-commit mode).
   *
   * @throws CumuloException if the database has a newer schema than {@link #VERSION}
   */
  static void migrate(Connection writer, Path dbFile) throws SQLException {
    int version;
    try (Statement statement = writer.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > VERSION) {
      throw new CumuloException(
          500,
          SqliteStateStore.ERROR_CODE,
          "state store "
              + dbFile
              + " has schema version "
              + version
              + ", newer than version "
              + VERSION
              + " that this Cumulo understands; upgrade Cumulo to open it");
    }
    if (version == VERSION) {
      writer.commit();
      return;
    }
    try (Statement statement = writer.createStatement()) {
      if (version < 1) {
        createVersion1(statement);
      }
      statement.execute(
          """
          CREATE TABLE api_keys (
            id TEXT PRIMARY KEY NOT NULL,
            app TEXT NOT NULL,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL)""");
      statement.execute("CREATE INDEX api_keys_by_app ON api_keys (app, created_at)");
      statement.execute("PRAGMA user_version = " + VERSION);
      // DDL and user_version are transactional in SQLite: a crash here leaves the old schema.
      writer.commit();
    } catch (SQLException e) {
      writer.rollback();
      throw e;
    }
  }

  /** The tables of schema version 1: apps, invocation records, dead letters. */
  private static void createVersion1(Statement statement) throws SQLException {
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
  }
}
