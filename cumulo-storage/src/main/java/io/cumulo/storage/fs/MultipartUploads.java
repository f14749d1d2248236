package io.cumulo.storage.fs;

import io.cumulo.core.storage.CompletedPart;
import io.cumulo.core.storage.ObjectInfo;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Multipart uploads, kept under {@code <bucket>/uploads/<uploadId>/}: {@code upload.meta} (an
 * {@link ObjectFile} without data holding the key, content type, user metadata and start time) and
 * one {@code part-NNNNN} object file per part. An upload dir is built in the temp dir and renamed
 * into place, so it exists only with its upload.meta; parts are committed like objects.
 *
 * <p>Completing renames the assembled object into place (the commit point) and then removes the
 * upload dir. A crash between the two leaves the upload listed; completing it again writes the same
 * object, aborting it removes it.
 */
final class MultipartUploads {
  static final long MIN_PART_BYTES = 5L * 1024 * 1024;
  private static final String UPLOAD_META = "upload.meta";
  private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{48}");

  private final FilesystemObjectStore store;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock[] uploadLocks = FilesystemObjectStore.stripes();

  MultipartUploads(FilesystemObjectStore store) {
    this.store = store;
  }

  String create(Bucket bucket, String key, PutOptions options) {
    byte[] id = new byte[24];
    random.nextBytes(id);
    String uploadId = HexFormat.of().formatHex(id);
    Path staging = store.newTempPath();
    try {
      Files.createDirectory(staging);
      store.write(staging.resolve(UPLOAD_META), bucket.name, key, InputStream.nullInputStream(), 0, Set.of(), null,
          Map.of(), options.contentType() == null ? "binary/octet-stream" : options.contentType(), options.userMetadata());
      Durable.syncDirectory(staging);
      bucket.lifecycle.readLock().lock();
      try {
        FilesystemObjectStore.requireLive(bucket);
        Files.move(staging, bucket.uploadDir(uploadId), StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(bucket.dir.resolve(Bucket.UPLOADS));
      } finally {
        bucket.lifecycle.readLock().unlock();
      }
      return uploadId;
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    } finally {
      FilesystemObjectStore.deleteQuietly(staging);
    }
  }

  PartInfo uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream data, long length,
      PutOptions checksums) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw StorageException.invalidArgument("Part number must be an integer between 1 and 10000, inclusive: " + partNumber);
    }
    if (length < -1) {
      throw StorageException.invalidArgument("length must be -1 (unknown) or at least 0: " + length);
    }
    Set<String> algorithms = Digests.algorithmsOf(checksums.checksums());
    byte[] contentMd5 = Digests.decodeContentMd5(checksums.contentMd5());
    readUpload(bucket, key, uploadId);
    Path tempFile = store.newTempPath();
    try {
      ObjectInfo info = store.write(tempFile, bucket.name, key, data, length, algorithms, contentMd5,
          checksums.checksums(), null, Map.of());
      ReentrantLock lock = lockFor(bucket, uploadId);
      lock.lock();
      bucket.lifecycle.readLock().lock();
      try {
        FilesystemObjectStore.requireLive(bucket);
        readUpload(bucket, key, uploadId); // not completed or aborted meanwhile
        Path target = partPath(bucket, uploadId, partNumber);
        Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(target.getParent());
      } finally {
        bucket.lifecycle.readLock().unlock();
        lock.unlock();
      }
      return partInfo(partNumber, info);
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    } finally {
      FilesystemObjectStore.deleteQuietly(tempFile);
    }
  }

  ObjectInfo complete(Bucket bucket, String key, String uploadId, List<CompletedPart> parts) {
    if (parts.isEmpty()) {
      throw new StorageException(400, "MalformedXML", "You must specify at least one part");
    }
    ReentrantLock lock = lockFor(bucket, uploadId);
    lock.lock();
    List<FileChannel> channels = new ArrayList<>();
    Path tempFile = store.newTempPath();
    try {
      ObjectInfo upload = readUpload(bucket, key, uploadId);
      List<ObjectInfo> stored = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        CompletedPart part = parts.get(i);
        if (i > 0 && part.partNumber() <= parts.get(i - 1).partNumber()) {
          throw new StorageException(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
        }
        stored.add(openPart(bucket, uploadId, part, channels));
      }
      // Sizes are checked once every part is known to be valid, so a bad list is reported as such first.
      for (int i = 0; i < stored.size() - 1; i++) {
        if (stored.get(i).size() < MIN_PART_BYTES) {
          throw new StorageException(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size: part "
              + parts.get(i).partNumber() + " has " + stored.get(i).size() + " bytes, every part but the last needs at least " + MIN_PART_BYTES);
        }
      }
      ObjectInfo object = assemble(tempFile, bucket, key, upload, stored, channels);
      store.commit(bucket, key, tempFile, object, false);
      removeUpload(bucket, uploadId);
      return object;
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    } finally {
      channels.forEach(MultipartUploads::closeQuietly);
      FilesystemObjectStore.deleteQuietly(tempFile);
      lock.unlock();
    }
  }

  void abort(Bucket bucket, String key, String uploadId) {
    ReentrantLock lock = lockFor(bucket, uploadId);
    lock.lock();
    try {
      readUpload(bucket, key, uploadId);
      removeUpload(bucket, uploadId);
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    } finally {
      lock.unlock();
    }
  }

  List<PartInfo> listParts(Bucket bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
    if (maxParts < 1 || maxParts > 1000) {
      throw StorageException.invalidArgument("maxParts must be 1..1000: " + maxParts);
    }
    readUpload(bucket, key, uploadId);
    List<PartInfo> parts = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(bucket.uploadDir(uploadId), "part-*")) {
      for (Path file : files) {
        int number = Integer.parseInt(file.getFileName().toString().substring("part-".length()));
        if (number > partNumberMarker) {
          parts.add(partInfo(number, readInfo(file, bucket.name)));
        }
      }
    } catch (NoSuchFileException aborted) {
      throw StorageException.noSuchUpload(uploadId);
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    }
    parts.sort(Comparator.comparingInt(PartInfo::partNumber));
    return List.copyOf(parts.subList(0, Math.min(maxParts, parts.size())));
  }

  List<UploadInfo> list(Bucket bucket, String prefix) {
    List<UploadInfo> uploads = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bucket.dir.resolve(Bucket.UPLOADS))) {
      for (Path dir : dirs) {
        try {
          ObjectInfo upload = readInfo(dir.resolve(UPLOAD_META), bucket.name);
          if (upload.key().startsWith(prefix)) {
            uploads.add(new UploadInfo(upload.key(), dir.getFileName().toString(), upload.lastModified()));
          }
        } catch (NoSuchFileException completedMeanwhile) {
          // gone between listing the dir and reading it
        }
      }
    } catch (NoSuchFileException bucketDeleted) {
      throw StorageException.noSuchBucket(bucket.name);
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    }
    uploads.sort(Comparator.comparing(UploadInfo::key, Utf8Order.INSTANCE).thenComparing(UploadInfo::initiated));
    return uploads;
  }

  /** Copies the parts' bytes into one new file; its ETag is the MD5 of the parts' binary MD5s, dash, count. */
  private ObjectInfo assemble(Path tempFile, Bucket bucket, String key, ObjectInfo upload, List<ObjectInfo> parts,
      List<FileChannel> channels) throws IOException {
    MessageDigest md5s = Digests.messageDigest("MD5");
    long size = 0;
    try (FileChannel out = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < parts.size(); i++) {
        ObjectInfo part = parts.get(i);
        FileChannel in = channels.get(i);
        for (long done = 0; done < part.size(); ) {
          done += in.transferTo(done, part.size() - done, out);
        }
        size += part.size();
        md5s.update(HexFormat.of().parseHex(unquote(part.etag())));
      }
      String etag = '"' + HexFormat.of().formatHex(md5s.digest()) + "-" + parts.size() + '"';
      ObjectInfo object = new ObjectInfo(bucket.name, key, size, etag, upload.contentType(), store.now(),
          upload.userMetadata(), Map.of());
      ObjectFile.finish(out, object);
      return object;
    }
  }

  private ObjectInfo openPart(Bucket bucket, String uploadId, CompletedPart part, List<FileChannel> channels)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(partPath(bucket, uploadId, part.partNumber()), StandardOpenOption.READ);
    } catch (NoSuchFileException | IllegalArgumentException missing) {
      throw invalidPart(part);
    }
    channels.add(channel);
    ObjectInfo info = ObjectFile.read(channel, bucket.name);
    if (part.etag() == null || !unquote(part.etag()).equals(unquote(info.etag()))) {
      throw invalidPart(part);
    }
    return info;
  }

  private ObjectInfo readUpload(Bucket bucket, String key, String uploadId) {
    if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
      throw StorageException.noSuchUpload(String.valueOf(uploadId));
    }
    try {
      ObjectInfo upload = readInfo(bucket.uploadDir(uploadId).resolve(UPLOAD_META), bucket.name);
      if (!upload.key().equals(key)) {
        throw StorageException.noSuchUpload(uploadId);
      }
      return upload;
    } catch (NoSuchFileException e) {
      throw StorageException.noSuchUpload(uploadId);
    } catch (IOException e) {
      throw FilesystemObjectStore.internalError(e);
    }
  }

  /** Renames the upload dir away first, so a crash while deleting its files never leaves a half upload. */
  private void removeUpload(Bucket bucket, String uploadId) throws IOException {
    Path trash = store.newTempPath();
    Files.move(bucket.uploadDir(uploadId), trash, StandardCopyOption.ATOMIC_MOVE);
    Durable.syncDirectory(bucket.dir.resolve(Bucket.UPLOADS));
    FilesystemObjectStore.deleteQuietly(trash);
  }

  private static ObjectInfo readInfo(Path file, String bucket) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ObjectFile.read(channel, bucket);
    }
  }

  private static Path partPath(Bucket bucket, String uploadId, int partNumber) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw new IllegalArgumentException("part number " + partNumber);
    }
    return bucket.uploadDir(uploadId).resolve(String.format("part-%05d", partNumber));
  }

  private static PartInfo partInfo(int partNumber, ObjectInfo info) {
    return new PartInfo(partNumber, info.etag(), info.size(), info.lastModified(), info.checksums());
  }

  private static StorageException invalidPart(CompletedPart part) {
    return new StorageException(400, "InvalidPart", "One or more of the specified parts could not be found or the"
        + " specified entity tag might not have matched the part's entity tag: part " + part.partNumber());
  }

  private static String unquote(String etag) {
    String s = etag.strip();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  private ReentrantLock lockFor(Bucket bucket, String uploadId) {
    int hash = bucket.name.hashCode() * 31 + uploadId.hashCode();
    return uploadLocks[(hash ^ (hash >>> 16)) & (uploadLocks.length - 1)];
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only
    }
  }
}
