package io.cumulo.storage.fs;

import io.cumulo.core.storage.BucketInfo;
import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.CompletedPart;
import io.cumulo.core.storage.ListResult;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.PartInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import io.cumulo.core.storage.UploadInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded object store: buckets are directories under a root, each object one file.
 *
 * <p>A write streams the bytes (and then the metadata, see {@link ObjectFile}) into a temp file in
 * {@code <root>/.tmp}, fsyncs it, renames it over the key's file and fsyncs that directory. The
 * rename is the commit point: before it a crash leaves only a temp file, which {@link #open}
 * deletes; after it the complete new file is in place. Readers open the key's file and read both
 * its bytes and its metadata through that one handle, so they see the old or the new object, never
 * a mix. Layout inside a bucket: see {@link Bucket}.
 *
 * <p>Concurrency: writers of the same key serialise on a lock stripe around check-and-rename
 * (which makes If-None-Match: * race-free); streaming the bytes happens outside any lock, so puts
 * to different keys run in parallel. Readers take no locks.
 */
public final class FilesystemObjectStore implements ObjectStore {
  private static final System.Logger LOG = System.getLogger(FilesystemObjectStore.class.getName());
  static final String TEMP_DIR = ".tmp";
  static final String DAMAGED_DIR = ".damaged";
  private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  private static final int LOCK_STRIPES = 256;

  private final Path root;
  private final Path temp;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Object bucketsLock = new Object();
  private final ReentrantLock[] keyLocks = stripes();
  private final MultipartUploads multipart;

  private FilesystemObjectStore(Path root, InstantSource clock) {
    this.root = root;
    this.temp = root.resolve(TEMP_DIR);
    this.clock = clock;
    this.multipart = new MultipartUploads(this);
  }

  /**
   * Opens (creating it if needed) the store at {@code root}: deletes temp files a crash left
   * behind and rebuilds every bucket's index from the object files' footers.
   *
   * @param clock stamps lastModified and creation times
   */
  public static FilesystemObjectStore open(Path root, InstantSource clock) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(clock, "clock");
    FilesystemObjectStore store = new FilesystemObjectStore(root.toAbsolutePath(), clock);
    try {
      Files.createDirectories(store.root);
      Durable.deleteTree(store.temp);
      Files.createDirectories(store.temp);
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(store.root)) {
        for (Path dir : dirs) {
          String name = dir.getFileName().toString();
          if (!name.startsWith(".") && Files.isRegularFile(dir.resolve(Bucket.META))) {
            store.buckets.put(name, store.load(name, dir));
          }
        }
      }
    } catch (IOException e) {
      throw internalError(e);
    }
    return store;
  }

  private Bucket load(String name, Path dir) throws IOException {
    Instant createdAt = Instant.ofEpochMilli(Long.parseLong(Files.readString(dir.resolve(Bucket.META)).strip()));
    Bucket bucket = new Bucket(name, dir, createdAt);
    try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(dir.resolve(Bucket.OBJECTS))) {
      for (Path sub : fanOut) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
          for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
              ObjectInfo info = ObjectFile.read(channel, name);
              if (!bucket.objectPath(info.key()).equals(file)) {
                throw new ObjectFile.DamagedException("stored key does not hash to the file name");
              }
              bucket.index.put(info.key(), info);
            } catch (ObjectFile.DamagedException damaged) {
              quarantine(file, name, damaged);
            }
          }
        }
      }
    }
    return bucket;
  }

  /** Damaged files are not ours to delete: move them aside where an operator can look at them. */
  private void quarantine(Path file, String bucket, IOException why) throws IOException {
    Path target = root.resolve(DAMAGED_DIR).resolve(bucket + "-" + file.getFileName() + "-" + clock.millis());
    LOG.log(System.Logger.Level.WARNING, "Moving damaged object file {0} to {1}: {2}", file, target, why.getMessage());
    Files.createDirectories(target.getParent());
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
  }

  // ---- buckets

  @Override
  public void createBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    S3Names.checkBucketName(bucket);
    synchronized (bucketsLock) {
      if (buckets.containsKey(bucket)) {
        throw new StorageException(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it: " + bucket);
      }
      Instant createdAt = now();
      Path staging = newTempPath();
      Path dir = root.resolve(bucket);
      try {
        // Built complete in .tmp and renamed into place, so a bucket dir always has its bucket.meta.
        Files.createDirectory(staging);
        Files.createDirectory(staging.resolve(Bucket.UPLOADS));
        Files.createDirectory(staging.resolve(Bucket.CONFIG));
        Path objects = Files.createDirectory(staging.resolve(Bucket.OBJECTS));
        for (int i = 0; i < 256; i++) {
          Durable.syncDirectory(Files.createDirectory(objects.resolve(String.format("%02x", i))));
        }
        Durable.syncDirectory(objects);
        Durable.writeAtomically(staging.resolve(Bucket.META), Long.toString(createdAt.toEpochMilli()).getBytes(), newTempPath());
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(root);
      } catch (IOException e) {
        deleteQuietly(staging);
        throw internalError(e);
      }
      buckets.put(bucket, new Bucket(bucket, dir, createdAt));
    }
  }

  /** Deletes a bucket without objects; multipart uploads in progress are discarded with it. */
  @Override
  public void deleteBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    synchronized (bucketsLock) {
      Bucket b = bucket(bucket);
      b.lifecycle.writeLock().lock();
      try {
        if (!b.index.isEmpty()) {
          throw new StorageException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty: " + bucket);
        }
        Path trash = newTempPath();
        Files.move(b.dir, trash, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(root);
        b.deleted = true;
        buckets.remove(bucket);
        deleteQuietly(trash);
      } catch (IOException e) {
        throw internalError(e);
      } finally {
        b.lifecycle.writeLock().unlock();
      }
    }
  }

  @Override
  public boolean bucketExists(String bucket) {
    return buckets.containsKey(Objects.requireNonNull(bucket, "bucket"));
  }

  @Override
  public List<BucketInfo> listBuckets() {
    return buckets.values().stream()
        .map(b -> new BucketInfo(b.name, b.createdAt))
        .sorted(Comparator.comparing(BucketInfo::name))
        .toList();
  }

  @Override
  public Optional<byte[]> bucketConfig(String bucket, String kind) {
    Bucket b = bucket(bucket);
    S3Names.checkConfigKind(Objects.requireNonNull(kind, "kind"));
    try {
      return Optional.of(Files.readAllBytes(b.configPath(kind)));
    } catch (NoSuchFileException none) {
      return Optional.empty();
    } catch (IOException e) {
      throw internalError(e);
    }
  }

  @Override
  public void putBucketConfig(String bucket, String kind, byte[] document) {
    Bucket b = bucket(bucket);
    S3Names.checkConfigKind(Objects.requireNonNull(kind, "kind"));
    ReentrantLock lock = lockFor(b.name, "\0config\0" + kind);
    lock.lock();
    b.lifecycle.readLock().lock();
    try {
      requireLive(b);
      Path path = b.configPath(kind);
      if (document == null) {
        if (Files.deleteIfExists(path)) {
          Durable.syncDirectory(path.getParent());
        }
      } else {
        Durable.writeAtomically(path, document.clone(), newTempPath());
      }
    } catch (IOException e) {
      throw internalError(e);
    } finally {
      b.lifecycle.readLock().unlock();
      lock.unlock();
    }
  }

  // ---- objects

  @Override
  public ObjectInfo put(String bucket, String key, InputStream data, long length, PutOptions options) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(options, "options");
    Bucket b = bucket(bucket);
    checkKey(key);
    if (length < -1) {
      throw StorageException.invalidArgument("length must be -1 (unknown) or at least 0: " + length);
    }
    Set<String> algorithms = Digests.algorithmsOf(options.checksums());
    byte[] contentMd5 = Digests.decodeContentMd5(options.contentMd5());
    if (options.ifNoneMatchStar() && b.index.containsKey(key)) {
      throw preconditionFailed(); // fail fast before reading the body; checked again at the commit
    }
    Path tempFile = newTempPath();
    try {
      ObjectInfo info = write(tempFile, b.name, key, data, length, algorithms, contentMd5, options.checksums(),
          contentTypeOf(options), options.userMetadata());
      commit(b, key, tempFile, info, options.ifNoneMatchStar());
      return info;
    } catch (IOException e) {
      throw internalError(e);
    } finally {
      deleteQuietly(tempFile);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) {
    Bucket b = bucket(bucket);
    checkKey(key);
    return Optional.ofNullable(b.index.get(key));
  }

  @Override
  public ObjectContent get(String bucket, String key, ByteRange range) {
    Bucket b = bucket(bucket);
    checkKey(key);
    FileChannel channel;
    try {
      channel = FileChannel.open(b.objectPath(key), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw StorageException.noSuchKey(key);
    } catch (IOException e) {
      throw internalError(e);
    }
    try {
      // Bytes and metadata come through the same handle: a concurrent rename cannot mix two versions.
      ObjectInfo info = ObjectFile.read(channel, b.name);
      if (!info.key().equals(key)) {
        throw StorageException.noSuchKey(key);
      }
      if (range != null && range.last() >= info.size()) {
        throw new StorageException(416, "InvalidRange", "The requested range is not satisfiable: bytes "
            + range.first() + "-" + range.last() + " of an object of " + info.size() + " bytes");
      }
      long first = range == null ? 0 : range.first();
      long length = range == null ? info.size() : range.length();
      return new ObjectContent(info, range, new RangeInputStream(channel, first, length));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e instanceof IOException io ? internalError(io) : (RuntimeException) e;
    }
  }

  @Override
  public boolean delete(String bucket, String key) {
    Bucket b = bucket(bucket);
    checkKey(key);
    ReentrantLock lock = lockFor(b.name, key);
    lock.lock();
    try {
      Path path = b.objectPath(key);
      boolean existed = Files.deleteIfExists(path);
      b.index.remove(key);
      if (existed) {
        Durable.syncDirectory(path.getParent());
      }
      return existed;
    } catch (IOException e) {
      throw internalError(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replaceMetadata) {
    Bucket target = bucket(bucket);
    checkKey(key);
    try (ObjectContent source = get(sourceBucket, sourceKey, null)) {
      ObjectInfo from = source.info();
      String contentType = replaceMetadata == null ? from.contentType() : contentTypeOf(replaceMetadata);
      Map<String, String> userMetadata = replaceMetadata == null ? from.userMetadata() : replaceMetadata.userMetadata();
      Path tempFile = newTempPath();
      try {
        // The copy is hashed again as it streams, so its ETag and checksums describe the bytes written.
        ObjectInfo info = write(tempFile, target.name, key, source.stream(), from.size(), from.checksums().keySet(),
            null, Map.of(), contentType, userMetadata);
        commit(target, key, tempFile, info, replaceMetadata != null && replaceMetadata.ifNoneMatchStar());
        return info;
      } finally {
        deleteQuietly(tempFile);
      }
    } catch (IOException e) {
      throw internalError(e);
    }
  }

  @Override
  public ListResult list(String bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
    Bucket b = bucket(bucket);
    if (maxKeys < 1 || maxKeys > 1000) {
      throw StorageException.invalidArgument("maxKeys must be 1..1000: " + maxKeys);
    }
    return Listing.page(b.index, prefix == null ? "" : prefix, delimiter, startAfter, maxKeys);
  }

  // ---- multipart

  @Override
  public String createMultipartUpload(String bucket, String key, PutOptions options) {
    return multipart.create(bucket(bucket), checkKey(key), Objects.requireNonNull(options, "options"));
  }

  @Override
  public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream data, long length,
      PutOptions checksums) {
    return multipart.uploadPart(bucket(bucket), checkKey(key), uploadId, partNumber, Objects.requireNonNull(data, "data"),
        length, Objects.requireNonNull(checksums, "checksums"));
  }

  @Override
  public ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<CompletedPart> parts) {
    return multipart.complete(bucket(bucket), checkKey(key), uploadId, Objects.requireNonNull(parts, "parts"));
  }

  @Override
  public void abortMultipartUpload(String bucket, String key, String uploadId) {
    multipart.abort(bucket(bucket), checkKey(key), uploadId);
  }

  @Override
  public List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
    return multipart.listParts(bucket(bucket), checkKey(key), uploadId, partNumberMarker, maxParts);
  }

  @Override
  public List<UploadInfo> listMultipartUploads(String bucket, String prefix) {
    return multipart.list(bucket(bucket), prefix == null ? "" : prefix);
  }

  /** Nothing to release: every write is durable when it returns and no file stays open. */
  @Override
  public void close() {}

  // ---- shared with MultipartUploads

  Bucket bucket(String name) {
    Bucket bucket = buckets.get(Objects.requireNonNull(name, "bucket"));
    if (bucket == null) {
      throw StorageException.noSuchBucket(name);
    }
    return bucket;
  }

  /**
   * Streams {@code data} into a new file at {@code tempFile}, verifies the digests the client sent,
   * appends the metadata and fsyncs. Throws (leaving the temp file for the caller to delete) when
   * anything does not match.
   */
  ObjectInfo write(Path tempFile, String bucket, String key, InputStream data, long length, Set<String> algorithms,
      byte[] contentMd5, Map<String, String> expectedChecksums, String contentType, Map<String, String> userMetadata)
      throws IOException {
    try (FileChannel out = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Digests digests = new Digests(algorithms);
      long size = ObjectFile.writeData(out, data, length, digests);
      Digests.Result result = digests.finish();
      result.verify(contentMd5, expectedChecksums);
      ObjectInfo info = new ObjectInfo(bucket, key, size, result.etag(), contentType, now(), userMetadata, result.checksums());
      ObjectFile.finish(out, info);
      return info;
    }
  }

  /** Renames a complete, fsynced temp file into place as the key's object: the commit point. */
  void commit(Bucket bucket, String key, Path tempFile, ObjectInfo info, boolean ifNoneMatchStar) throws IOException {
    ReentrantLock lock = lockFor(bucket.name, key);
    lock.lock();
    bucket.lifecycle.readLock().lock();
    try {
      requireLive(bucket);
      if (ifNoneMatchStar && bucket.index.containsKey(key)) {
        throw preconditionFailed();
      }
      Path target = bucket.objectPath(key);
      Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
      bucket.index.put(key, info);
      Durable.syncDirectory(target.getParent());
    } finally {
      bucket.lifecycle.readLock().unlock();
      lock.unlock();
    }
  }

  Path newTempPath() {
    return temp.resolve(Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static void requireLive(Bucket bucket) {
    if (bucket.deleted) {
      throw StorageException.noSuchBucket(bucket.name);
    }
  }

  /** Wraps a failed disk operation: 507 when the disk is full (the client can act on that), else an opaque 500. */
  static StorageException internalError(IOException cause) {
    return StorageException.writeFailed(cause);
  }

  static void deleteQuietly(Path path) {
    try {
      Durable.deleteTree(path);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not delete {0}; the next open removes it: {1}", path, e.getMessage());
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was written through it
    }
  }

  private static String checkKey(String key) {
    S3Names.checkKey(Objects.requireNonNull(key, "key"));
    return key;
  }

  private static String contentTypeOf(PutOptions options) {
    return options.contentType() == null ? DEFAULT_CONTENT_TYPE : options.contentType();
  }

  private static StorageException preconditionFailed() {
    return new StorageException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
  }

  ReentrantLock lockFor(String bucket, String name) {
    int hash = bucket.hashCode() * 31 + name.hashCode();
    return keyLocks[(hash ^ (hash >>> 16)) & (LOCK_STRIPES - 1)];
  }

  static ReentrantLock[] stripes() {
    ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    return locks;
  }
}
