package io.cumulo.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FilesystemObjectStoreTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-03-15T10:07:30.123456Z"));

  @TempDir Path dir;
  Path root;
  FilesystemObjectStore store;

  @BeforeEach
  void open() throws IOException {
    root = Files.createDirectory(dir.resolve("root"));
    store = FilesystemObjectStore.open(root, CLOCK);
    store.createBucket("photos");
  }

  static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static String read(ObjectContent content) {
    try (content) {
      return new String(content.stream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String md5Etag(byte[] data) throws Exception {
    return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + '"';
  }

  @Test
  void roundTripsObjectWithMetadata_whenPutThenGetHeadDelete() throws Exception {
    var options = new PutOptions("image/jpeg", Map.of("owner", "ann"), null, Map.of(), false);
    ObjectInfo put = store.put("photos", "cat.jpg", bytes("meow"), 4, options);

    assertThat(put.etag()).isEqualTo(md5Etag("meow".getBytes(StandardCharsets.UTF_8)));
    assertThat(put.lastModified()).isEqualTo(Instant.parse("2026-03-15T10:07:30.123Z"));
    assertThat(store.head("photos", "cat.jpg")).contains(put);
    try (ObjectContent content = store.get("photos", "cat.jpg", null)) {
      assertThat(content.info()).isEqualTo(put);
      assertThat(content.info().contentType()).isEqualTo("image/jpeg");
      assertThat(content.info().userMetadata()).containsEntry("owner", "ann");
      assertThat(content.stream().readAllBytes()).asString().isEqualTo("meow");
    }
    assertThat(store.delete("photos", "cat.jpg")).isTrue();
    assertThat(store.delete("photos", "cat.jpg")).isFalse();
    assertThat(store.head("photos", "cat.jpg")).isEmpty();
    assertThatThrownBy(() -> store.get("photos", "cat.jpg", null))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
  }

  @Test
  void defaultsContentTypeAndReadsToEnd_whenLengthUnknown() {
    ObjectInfo info = store.put("photos", "k", bytes("hello"), -1, PutOptions.none());

    assertThat(info.size()).isEqualTo(5);
    assertThat(info.contentType()).isEqualTo("binary/octet-stream");
  }

  @Test
  void readsOnlyLengthBytes_whenStreamHasMore() {
    store.put("photos", "k", bytes("hello world"), 5, PutOptions.none());

    assertThat(read(store.get("photos", "k", null))).isEqualTo("hello");
  }

  static Stream<String> hostileKeys() {
    return Stream.of("日本語/写真.jpg", "emoji 😀 key", "../../etc/passwd", "a/../b", "//", "a//b", "trailing/", ".", "..",
        "nul\0char", "/leading", "\\windows\\path", "x".repeat(1024), "é".repeat(512), "a/".repeat(400) + "deep",
        "space and\ttab\nnewline", "CON", "%2e%2e%2f");
  }

  @ParameterizedTest
  @MethodSource("hostileKeys")
  void roundTripsKeyAndCreatesNothingOutsideRoot_whenKeyIsHostile(String key) throws IOException {
    store.put("photos", key, bytes("v:" + key), -1, PutOptions.none());

    assertThat(read(store.get("photos", key, null))).isEqualTo("v:" + key);
    assertThat(store.list("photos", "", null, null, 1000).objects()).extracting(ObjectInfo::key).containsExactly(key);
    try (Stream<Path> outside = Files.list(dir)) {
      assertThat(outside).containsExactly(root);
    }
    FilesystemObjectStore reopened = FilesystemObjectStore.open(root, CLOCK);
    assertThat(read(reopened.get("photos", key, null))).isEqualTo("v:" + key);
  }

  @Test
  void keepsBothObjects_whenOneKeyIsPrefixOfAnother() {
    store.put("photos", "a", bytes("1"), -1, PutOptions.none());
    store.put("photos", "a/b", bytes("2"), -1, PutOptions.none());
    store.put("photos", "a/", bytes("3"), -1, PutOptions.none());

    assertThat(read(store.get("photos", "a", null))).isEqualTo("1");
    assertThat(read(store.get("photos", "a/b", null))).isEqualTo("2");
    assertThat(read(store.get("photos", "a/", null))).isEqualTo("3");
  }

  @ParameterizedTest
  @CsvSource({"1025,KeyTooLongError", "0,InvalidArgument"})
  void rejectsKey_whenEmptyOrTooLong(int length, String code) {
    assertThatThrownBy(() -> store.put("photos", "k".repeat(length), bytes("x"), -1, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.httpStatus()).isEqualTo(400);
        });
  }

  @Test
  void rejectsKey_whenMultiByteKeyExceeds1024Utf8Bytes() {
    assertThatThrownBy(() -> store.put("photos", "é".repeat(513), bytes("x"), -1, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("KeyTooLongError"));
  }

  @Test
  void rejectsKey_whenItHasALoneSurrogate() {
    assertThatThrownBy(() -> store.put("photos", "bad\uD800key", bytes("x"), -1, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
  }

  static Stream<Arguments> checksums() throws Exception {
    byte[] data = "checksum me".getBytes(StandardCharsets.UTF_8);
    var crc32 = new java.util.zip.CRC32();
    crc32.update(data);
    var crc32c = new java.util.zip.CRC32C();
    crc32c.update(data);
    return Stream.of(
        Arguments.of("CRC32", java.nio.ByteBuffer.allocate(4).putInt((int) crc32.getValue()).array()),
        Arguments.of("CRC32C", java.nio.ByteBuffer.allocate(4).putInt((int) crc32c.getValue()).array()),
        Arguments.of("SHA1", MessageDigest.getInstance("SHA-1").digest(data)),
        Arguments.of("SHA256", MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @ParameterizedTest
  @MethodSource("checksums")
  void storesChecksum_whenItMatches(String algorithm, byte[] digest) {
    String value = Base64.getEncoder().encodeToString(digest);
    var options = new PutOptions(null, Map.of(), null, Map.of(algorithm, value), false);

    ObjectInfo info = store.put("photos", "k", bytes("checksum me"), -1, options);

    assertThat(info.checksums()).containsExactly(Map.entry(algorithm, value));
    assertThat(FilesystemObjectStore.open(root, CLOCK).head("photos", "k").orElseThrow().checksums())
        .containsExactly(Map.entry(algorithm, value));
  }

  @ParameterizedTest
  @MethodSource("checksums")
  void failsWithBadDigestAndKeepsOldObject_whenChecksumDiffers(String algorithm, byte[] digest) throws IOException {
    store.put("photos", "k", bytes("old"), -1, PutOptions.none());
    digest[0] ^= 1;
    var options = new PutOptions(null, Map.of(), null, Map.of(algorithm, Base64.getEncoder().encodeToString(digest)), false);

    assertThatThrownBy(() -> store.put("photos", "k", bytes("checksum me"), -1, options))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo("BadDigest");
          assertThat(e).hasMessage("Value for x-amz-checksum-" + algorithm.toLowerCase() + " header is invalid.");
        });
    assertThat(read(store.get("photos", "k", null))).isEqualTo("old");
    assertNoTempFiles();
  }

  @Test
  void failsWithBadDigest_whenContentMd5Differs() throws Exception {
    byte[] md5 = MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8));
    var options = new PutOptions(null, Map.of(), Base64.getEncoder().encodeToString(md5), Map.of(), false);

    assertThatThrownBy(() -> store.put("photos", "k", bytes("data"), -1, options))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("BadDigest"));
    assertThat(store.head("photos", "k")).isEmpty();
  }

  @Test
  void storesObject_whenContentMd5Matches() throws Exception {
    byte[] md5 = MessageDigest.getInstance("MD5").digest("data".getBytes(StandardCharsets.UTF_8));
    var options = new PutOptions(null, Map.of(), Base64.getEncoder().encodeToString(md5), Map.of(), false);

    assertThat(store.put("photos", "k", bytes("data"), -1, options).etag()).isEqualTo(md5Etag("data".getBytes()));
  }

  @Test
  void failsWithIncompleteBodyAndStoresNothing_whenStreamEndsEarly() throws IOException {
    assertThatThrownBy(() -> store.put("photos", "k", bytes("short"), 100, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo("IncompleteBody");
          assertThat(e.httpStatus()).isEqualTo(400);
        });
    assertThat(store.head("photos", "k")).isEmpty();
    assertNoTempFiles();
  }

  @Test
  void letsExactlyOneWriterWin_whenManyPutWithIfNoneMatchStarAtOnce() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String body = "writer " + i;
      results.add(pool.submit(() -> {
        start.await();
        try {
          store.put("photos", "race", bytes(body), -1, new PutOptions(null, Map.of(), null, Map.of(), true));
          return body;
        } catch (StorageException e) {
          assertThat(e.code()).isEqualTo("PreconditionFailed");
          assertThat(e.httpStatus()).isEqualTo(412);
          return null;
        }
      }));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (Future<String> result : results) {
      if (result.get() != null) {
        winners.add(result.get());
      }
    }
    pool.shutdown();

    assertThat(winners).hasSize(1);
    assertThat(read(store.get("photos", "race", null))).isEqualTo(winners.getFirst());
  }

  @ParameterizedTest
  @CsvSource({"0,0,0", "0,9,0123456789", "3,5,345", "9,9,9"})
  void readsRange_whenRangeIsWithinObject(long first, long last, String expected) {
    store.put("photos", "digits", bytes("0123456789"), -1, PutOptions.none());

    ObjectContent content = store.get("photos", "digits", new ByteRange(first, last));

    assertThat(content.length()).isEqualTo(expected.length());
    assertThat(read(content)).isEqualTo(expected);
  }

  @Test
  void failsWithInvalidRange_whenRangeEndsPastObject() {
    store.put("photos", "digits", bytes("0123456789"), -1, PutOptions.none());

    assertThatThrownBy(() -> store.get("photos", "digits", new ByteRange(5, 10)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.httpStatus()).isEqualTo(416));
  }

  @Test
  void keepsSourceMetadata_whenCopyingWithoutReplacement() {
    store.createBucket("thumbs");
    ObjectInfo source = store.put("photos", "a", bytes("pixels"), -1,
        new PutOptions("image/png", Map.of("k", "v"), null, Map.of(), false));

    ObjectInfo copy = store.copy("photos", "a", "thumbs", "b", null);

    assertThat(copy.contentType()).isEqualTo("image/png");
    assertThat(copy.userMetadata()).isEqualTo(Map.of("k", "v"));
    assertThat(copy.etag()).isEqualTo(source.etag());
    assertThat(read(store.get("thumbs", "b", null))).isEqualTo("pixels");
  }

  @Test
  void replacesMetadata_whenCopyingWithReplacement() {
    store.put("photos", "a", bytes("pixels"), -1, new PutOptions("image/png", Map.of("k", "v"), null, Map.of(), false));

    ObjectInfo copy = store.copy("photos", "a", "photos", "a", new PutOptions("text/plain", Map.of("n", "m"), null, Map.of(), false));

    assertThat(store.head("photos", "a")).contains(copy);
    assertThat(copy.contentType()).isEqualTo("text/plain");
    assertThat(copy.userMetadata()).isEqualTo(Map.of("n", "m"));
    assertThat(read(store.get("photos", "a", null))).isEqualTo("pixels");
  }

  @Test
  void failsWithNoSuchKey_whenCopySourceIsMissing() {
    assertThatThrownBy(() -> store.copy("photos", "missing", "photos", "b", null))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
  }

  @Test
  void keepsObjectsAndBuckets_whenReopened() {
    for (int i = 0; i < 50; i++) {
      store.put("photos", "k" + i, bytes("v" + i), -1, new PutOptions("text/plain", Map.of("i", "" + i), null, Map.of(), false));
    }
    store.putBucketConfig("photos", "cors", "<CORSConfiguration/>".getBytes());

    FilesystemObjectStore reopened = FilesystemObjectStore.open(root, CLOCK);

    assertThat(reopened.listBuckets()).isEqualTo(store.listBuckets());
    assertThat(reopened.list("photos", "", null, null, 1000)).isEqualTo(store.list("photos", "", null, null, 1000));
    assertThat(read(reopened.get("photos", "k7", null))).isEqualTo("v7");
    assertThat(reopened.bucketConfig("photos", "cors")).hasValueSatisfying(d -> assertThat(d).asString().isEqualTo("<CORSConfiguration/>"));
  }

  @Test
  void cleansTempFilesAndHidesDamagedFiles_whenReopenedAfterCrash() throws IOException {
    store.put("photos", "good", bytes("intact"), -1, PutOptions.none());
    Path stray = root.resolve(".tmp").resolve("1234.tmp");
    Files.writeString(stray, "half an object");
    // A file in the objects dir without a complete footer: not producible by our writes, but a damaged disk can.
    Path torn = root.resolve("photos/objects/00").resolve("00".repeat(32));
    Files.writeString(torn, "torn bytes without metadata");

    FilesystemObjectStore reopened = FilesystemObjectStore.open(root, CLOCK);

    assertThat(stray).doesNotExist();
    assertThat(torn).doesNotExist();
    assertThat(reopened.list("photos", "", null, null, 1000).objects()).extracting(ObjectInfo::key).containsExactly("good");
    assertThat(read(reopened.get("photos", "good", null))).isEqualTo("intact");
  }

  @Test
  void failsWithInternalErrorKeepingCause_whenDiskWriteFails() throws IOException {
    Durable.deleteTree(root.resolve(".tmp"));

    assertThatThrownBy(() -> store.put("photos", "k", bytes("x"), -1, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo("InternalError");
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.getCause()).isInstanceOf(IOException.class);
          assertThat(e.getMessage()).doesNotContain(root.toString());
        });
    assertThat(store.head("photos", "k")).isEmpty();
  }

  private void assertNoTempFiles() throws IOException {
    try (Stream<Path> temps = Files.list(root.resolve(".tmp"))) {
      assertThat(temps).isEmpty();
    }
  }
}
