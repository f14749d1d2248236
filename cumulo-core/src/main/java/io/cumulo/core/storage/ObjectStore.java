package io.cumulo.core.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Buckets of objects, as the S3 API and functions see them. Implementations: the filesystem engine
 * in the data dir (embedded, default) and, later, a remote S3-compatible store.
 *
 * <p>Promises every implementation keeps: a write is atomic and durable when it returns (never a
 * partial object visible, even after a crash); any valid S3 key works and never escapes the store;
 * failures throw {@link StorageException} carrying the S3 error code and HTTP status.
 */
public interface ObjectStore extends AutoCloseable {

  /** Bucket names: 3..63 of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit. */
  void createBucket(String bucket);

  /** Deletes an empty bucket; {@code BucketNotEmpty} otherwise, {@code NoSuchBucket} if absent. */
  void deleteBucket(String bucket);

  boolean bucketExists(String bucket);

  /** All buckets, by name. */
  List<BucketInfo> listBuckets();

  /**
   * Stores an object, replacing any object at the key. The data is read to its end (or to
   * {@code length} bytes when not -1) before anything becomes visible; if reading fails or a
   * checksum in {@code options} does not match, nothing changes.
   *
   * @param length the exact byte count, or -1 when unknown
   * @throws StorageException {@code NoSuchBucket}, {@code BadDigest} (checksum mismatch),
   *     {@code PreconditionFailed} (If-None-Match: * and the key exists), {@code IncompleteBody}
   */
  ObjectInfo put(String bucket, String key, InputStream data, long length, PutOptions options);

  /** The object's metadata, or empty when there is none. {@code NoSuchBucket} when the bucket is absent. */
  Optional<ObjectInfo> head(String bucket, String key);

  /**
   * Opens an object for reading, optionally a byte range of it. The caller closes the content.
   *
   * @param range the bytes to read, or null for all
   * @throws StorageException {@code NoSuchKey}, {@code NoSuchBucket}, {@code InvalidRange}
   */
  ObjectContent get(String bucket, String key, ByteRange range);

  /** Deletes an object; returns whether it existed. Deleting a missing key is not an error (as in S3). */
  boolean delete(String bucket, String key);

  /**
   * Copies an object. With {@code replaceMetadata} null the source's content type and user
   * metadata are kept (S3's COPY directive); otherwise they are replaced (REPLACE).
   */
  ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replaceMetadata);

  /**
   * Lists keys in lexicographic (UTF-8 byte) order after {@code startAfter}, grouping keys that
   * share the prefix up to the next {@code delimiter} into common prefixes, as S3 does.
   *
   * @param prefix only keys starting with it ("" for all)
   * @param delimiter null for none
   * @param startAfter list keys strictly after this one (null to start at the beginning)
   * @param maxKeys at most this many keys plus common prefixes (1..1000)
   */
  ListResult list(String bucket, String prefix, String delimiter, String startAfter, int maxKeys);

  /** Starts a multipart upload; returns its id. */
  String createMultipartUpload(String bucket, String key, PutOptions options);

  /** Stores one part (1..10000), replacing an earlier part with the same number. */
  PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream data,
      long length, PutOptions checksums);

  /**
   * Assembles the listed parts into the object, atomically. Every part but the last must be at
   * least 5 MiB ({@code EntityTooSmall}); parts must be listed in ascending order
   * ({@code InvalidPartOrder}) with matching ETags ({@code InvalidPart}). The ETag is
   * {@code "<md5 of the parts' binary md5s>-<count>"}.
   */
  ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<CompletedPart> parts);

  /** Discards an upload and its parts; {@code NoSuchUpload} when unknown. */
  void abortMultipartUpload(String bucket, String key, String uploadId);

  /** The parts uploaded so far, by number, after {@code partNumberMarker}, at most {@code maxParts}. */
  List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts);

  /** Uploads in progress in a bucket whose keys start with {@code prefix}, by key then start time. */
  List<UploadInfo> listMultipartUploads(String bucket, String prefix);

  /**
   * A bucket's stored configuration document of one kind ({@code cors}, {@code notification}),
   * as the S3 API received it; empty when none is set.
   */
  Optional<byte[]> bucketConfig(String bucket, String kind);

  /** Stores (or, with null, removes) a bucket's configuration document, durably. */
  void putBucketConfig(String bucket, String kind, byte[] document);

  @Override
  void close();
}
