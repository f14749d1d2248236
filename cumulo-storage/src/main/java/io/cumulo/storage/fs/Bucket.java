package io.cumulo.storage.fs;

import io.cumulo.core.storage.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A bucket's directory and its in-memory index.
 *
 * <pre>
 * &lt;bucket&gt;/bucket.meta              creation time (epoch millis), written before the bucket dir is renamed into place
 * &lt;bucket&gt;/objects/&lt;ab&gt;/&lt;sha256(key)&gt;  one {@link ObjectFile} per key; 256 fan-out dirs made with the bucket
 * &lt;bucket&gt;/uploads/&lt;uploadId&gt;/      upload.meta and part-NNNNN files of multipart uploads in progress
 * &lt;bucket&gt;/config/&lt;kind&gt;           bucket configuration documents
 * </pre>
 *
 * <p>A key's file name is the hex SHA-256 of its UTF-8 bytes, so any key (with "../", NUL, "//",
 * 1024 bytes) maps to a fixed-length name of [0-9a-f] that cannot escape the bucket; the real key
 * is stored in the file's metadata. Two keys would share a file only on a SHA-256 collision.
 *
 * <p>The index maps every key to its metadata in UTF-8 order, for listing and HEAD. It is rebuilt
 * at open by reading each file's footer. Memory: roughly 250 bytes per object plus twice the
 * key's length and its user metadata, so about 35 MB for 100k keys of 50 characters.
 */
final class Bucket {
  static final String OBJECTS = "objects";
  static final String UPLOADS = "uploads";
  static final String CONFIG = "config";
  static final String META = "bucket.meta";

  final String name;
  final Path dir;
  final Instant createdAt;
  final ConcurrentSkipListMap<String, ObjectInfo> index = new ConcurrentSkipListMap<>(Utf8Order.INSTANCE);

  /**
   * Writers hold the read side while they commit into the bucket; deleting the bucket holds the
   * write side, so it never deletes a bucket that an object is being renamed into.
   */
  final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  /** Set (under the write lock) once deleted: a writer that looked the bucket up before fails with NoSuchBucket. */
  boolean deleted;

  Bucket(String name, Path dir, Instant createdAt) {
    this.name = name;
    this.dir = dir;
    this.createdAt = createdAt;
  }

  Path objectPath(String key) {
    String hash = HexFormat.of().formatHex(Digests.messageDigest("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    return dir.resolve(OBJECTS).resolve(hash.substring(0, 2)).resolve(hash);
  }

  Path uploadDir(String uploadId) {
    return dir.resolve(UPLOADS).resolve(uploadId);
  }

  Path configPath(String kind) {
    return dir.resolve(CONFIG).resolve(kind);
  }
}
