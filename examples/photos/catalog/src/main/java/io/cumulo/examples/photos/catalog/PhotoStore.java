package io.cumulo.examples.photos.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's SQLite database: the photos, and an outbox of their changes. Every write stores the
 * change it makes in the outbox in the same transaction, so a change is reported to Cumulo exactly
 * when the write committed, even if the process dies right after (the {@link ChangePublisher}
 * sends the outbox). WAL with {@code synchronous=FULL}: a write is durable when it returns.
 *
 * <p>One connection, used by one thread at a time; SQLite serialises writers anyway, and replicas
 * sharing the file wait for each other up to the busy timeout.
 */
final class PhotoStore implements AutoCloseable {
  /** The table name changes are reported under: functions subscribe with {@code table: photos}. */
  static final String TABLE = "photos";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Integer>> INTEGERS = new TypeReference<>() {};
  private static final String COLUMNS = "id, key, status, error, width, height, bytes, content_type,"
      + " taken_at, tags, caption, sizes, filters, created_ms";

  /** One change waiting to be reported. */
  record OutboxEntry(long sequence, String operation, String photoId, String newImage, String oldImage) {}

  /** A page of photos, newest first, and where the next page starts (null when none). */
  record Page(List<Photo> photos, Cursor next) {}

  /** A position in the newest-first order. */
  record Cursor(long createdMillis, String id) {}

  private final Connection db;
  private final ObjectMapper json;
  private final PhotoJson photoJson;
  private final InstantSource clock;

  PhotoStore(Path file, ObjectMapper json, PhotoJson photoJson, InstantSource clock) {
    this.json = json;
    this.photoJson = photoJson;
    this.clock = clock;
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("CREATE TABLE IF NOT EXISTS photos (id TEXT PRIMARY KEY, key TEXT NOT NULL,"
            + " status TEXT NOT NULL, error TEXT, width INTEGER, height INTEGER, bytes INTEGER,"
            + " content_type TEXT, taken_at TEXT, tags TEXT NOT NULL, caption TEXT,"
            + " sizes TEXT NOT NULL, filters TEXT NOT NULL, created_ms INTEGER NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS photos_newest ON photos (created_ms DESC, id DESC)");
        s.execute("CREATE INDEX IF NOT EXISTS photos_by_key ON photos (key)");
        s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " operation TEXT NOT NULL, photo_id TEXT NOT NULL, new_image TEXT, old_image TEXT)");
      }
      db.setAutoCommit(false);
      db.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the catalog database " + file + ": " + e.getMessage(), e);
    }
  }

  synchronized Optional<Photo> get(String id) {
    try {
      Optional<Photo> photo = find(id);
      db.commit();
      return photo;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The photos with these ids, in the order of {@code ids}; unknown ids are left out. */
  synchronized List<Photo> getAll(List<String> ids) {
    try {
      List<Photo> photos = new ArrayList<>();
      for (String id : ids) {
        find(id).ifPresent(photos::add);
      }
      db.commit();
      return photos;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * A page of photos, newest first.
   *
   * @param after where the previous page ended, or null for the first page
   * @param key only the photo of this original's key, or null for all
   */
  synchronized Page page(int limit, Cursor after, String key) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM photos WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (after != null) {
      sql.append(" AND (created_ms < ? OR (created_ms = ? AND id < ?))");
      args.addAll(List.of(after.createdMillis(), after.createdMillis(), after.id()));
    }
    if (key != null) {
      sql.append(" AND key = ?");
      args.add(key);
    }
    sql.append(" ORDER BY created_ms DESC, id DESC LIMIT ?");
    args.add(limit + 1);
    try (PreparedStatement select = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        select.setObject(i + 1, args.get(i));
      }
      List<Photo> photos = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          photos.add(photo(rows));
        }
      }
      db.commit();
      if (photos.size() <= limit) {
        return new Page(photos, null);
      }
      Photo last = photos.get(limit - 1);
      return new Page(photos.subList(0, limit), new Cursor(last.createdMillis(), last.id()));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Records the pipeline's news about a photo, creating it when new; returns it as stored. */
  synchronized Photo report(String id, StatusUpdate update) {
    try {
      Photo old = find(id).orElse(null);
      Photo updated = update.apply(id, old, clock.millis());
      write(old, updated);
      return updated;
    } catch (SQLException e) {
      throw rollback(e);
    }
  }

  /** Adds a filtered version to a photo; returns it as stored. */
  synchronized Photo addFilter(String id, String filter) {
    try {
      Photo old = existing(id);
      Photo updated = old.withFilter(filter);
      write(old, updated);
      return updated;
    } catch (SQLException e) {
      throw rollback(e);
    }
  }

  synchronized Photo patch(String id, PhotoPatch patch) {
    try {
      Photo old = existing(id);
      Photo updated = patch.applyTo(old);
      write(old, updated);
      return updated;
    } catch (SQLException e) {
      throw rollback(e);
    }
  }

  /** Removes a photo; returns whether it was there. */
  synchronized boolean delete(String id) {
    try {
      Optional<Photo> old = find(id);
      if (old.isEmpty()) {
        db.commit();
        return false;
      }
      try (PreparedStatement delete = db.prepareStatement("DELETE FROM photos WHERE id = ?")) {
        delete.setString(1, id);
        delete.executeUpdate();
      }
      outbox("REMOVE", id, null, photoJson.text(old.get()));
      db.commit();
      return true;
    } catch (SQLException e) {
      throw rollback(e);
    }
  }

  /** The oldest changes not yet reported, at most {@code limit}. */
  synchronized List<OutboxEntry> pendingChanges(int limit) {
    try (PreparedStatement select = db.prepareStatement("SELECT seq, operation, photo_id, new_image,"
        + " old_image FROM outbox ORDER BY seq LIMIT ?")) {
      select.setInt(1, limit);
      List<OutboxEntry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(new OutboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
              rows.getString(4), rows.getString(5)));
        }
      }
      db.commit();
      return entries;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Forgets a change once Cumulo has it. */
  synchronized void reported(long sequence) {
    try (PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
      delete.setLong(1, sequence);
      delete.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      throw rollback(e);
    }
  }

  /** Stores {@code updated} and its change in one transaction; nothing when it equals {@code old}. */
  private void write(Photo old, Photo updated) throws SQLException {
    if (updated.equals(old)) {
      db.commit();
      return;
    }
    try (PreparedStatement upsert = db.prepareStatement("INSERT INTO photos (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
        + " key = excluded.key, status = excluded.status, error = excluded.error,"
        + " width = excluded.width, height = excluded.height, bytes = excluded.bytes,"
        + " content_type = excluded.content_type, taken_at = excluded.taken_at,"
        + " tags = excluded.tags, caption = excluded.caption, sizes = excluded.sizes,"
        + " filters = excluded.filters")) {
      upsert.setString(1, updated.id());
      upsert.setString(2, updated.key());
      upsert.setString(3, updated.status());
      upsert.setString(4, updated.error());
      setInteger(upsert, 5, updated.width());
      setInteger(upsert, 6, updated.height());
      if (updated.bytes() == null) {
        upsert.setNull(7, Types.BIGINT);
      } else {
        upsert.setLong(7, updated.bytes());
      }
      upsert.setString(8, updated.contentType());
      upsert.setString(9, updated.takenAt());
      upsert.setString(10, text(updated.tags()));
      upsert.setString(11, updated.caption());
      upsert.setString(12, text(updated.sizes()));
      upsert.setString(13, text(updated.filters()));
      upsert.setLong(14, updated.createdMillis());
      upsert.executeUpdate();
    }
    outbox(old == null ? "INSERT" : "MODIFY", updated.id(), photoJson.text(updated),
        old == null ? null : photoJson.text(old));
    db.commit();
  }

  private void outbox(String operation, String id, String newImage, String oldImage) throws SQLException {
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO outbox (operation, photo_id,"
        + " new_image, old_image) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, operation);
      insert.setString(2, id);
      insert.setString(3, newImage);
      insert.setString(4, oldImage);
      insert.executeUpdate();
    }
  }

  private Optional<Photo> find(String id) throws SQLException {
    try (PreparedStatement select = db.prepareStatement("SELECT " + COLUMNS + " FROM photos WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(photo(rows)) : Optional.empty();
      }
    }
  }

  private Photo photo(ResultSet row) throws SQLException {
    return new Photo(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        integer(row, 5), integer(row, 6), longValue(row, 7), row.getString(8), row.getString(9),
        parse(row.getString(10), STRINGS), row.getString(11), parse(row.getString(12), INTEGERS),
        parse(row.getString(13), STRINGS), row.getLong(14));
  }

  private static Integer integer(ResultSet row, int column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  private static Long longValue(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  private String text(List<?> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a list of plain values as JSON", e);
    }
  }

  private <T> T parse(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the catalog database holds a malformed list: " + text, e);
    }
  }

  /** The photo, or a 404 after ending the read transaction. */
  private Photo existing(String id) throws SQLException {
    Optional<Photo> photo = find(id);
    if (photo.isEmpty()) {
      db.commit();
      throw CatalogException.notFound("no photo with id " + id);
    }
    return photo.get();
  }

  private RuntimeException rollback(SQLException e) {
    try {
      db.rollback();
    } catch (SQLException suppressed) {
      e.addSuppressed(suppressed);
    }
    return failed(e);
  }

  private static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("the catalog database failed: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failed(e);
    }
  }
}
