package io.cumulo.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.BucketInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemObjectStoreBucketTest {
  @TempDir Path root;
  FilesystemObjectStore store;

  @BeforeEach
  void open() {
    store = FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "Photos", "-abc", "abc-", "a..b", "192.168.1.1", "a_b", "xn--abc", "..", "a/b", ""})
  void rejectsName_whenNotAValidBucketName(String name) {
    String tooLong = name.isEmpty() ? "a".repeat(64) : name;
    for (String bad : new String[] {name, tooLong}) {
      assertThatThrownBy(() -> store.createBucket(bad))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidBucketName"));
    }
    assertThat(store.listBuckets()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "my.photos-2026", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"})
  void createsBucketWithCreationTime_whenNameIsValid(String name) {
    store.createBucket(name);

    assertThat(store.bucketExists(name)).isTrue();
    assertThat(FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK).listBuckets())
        .containsExactly(new BucketInfo(name, FilesystemObjectStoreTest.CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
  }

  @Test
  void failsWithConflict_whenBucketExists() {
    store.createBucket("photos");

    assertThatThrownBy(() -> store.createBucket("photos"))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo("BucketAlreadyOwnedByYou");
          assertThat(e.httpStatus()).isEqualTo(409);
        });
  }

  @Test
  void refusesToDelete_whenBucketHasObjects() {
    store.createBucket("photos");
    store.put("photos", "k", new ByteArrayInputStream(new byte[1]), 1, PutOptions.none());

    assertThatThrownBy(() -> store.deleteBucket("photos"))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.code()).isEqualTo("BucketNotEmpty");
          assertThat(e.httpStatus()).isEqualTo(409);
        });
  }

  @Test
  void deletesBucketAndDropsUploads_whenOnlyUploadsInProgress() {
    store.createBucket("photos");
    store.createMultipartUpload("photos", "big", PutOptions.none());

    store.deleteBucket("photos");

    assertThat(store.bucketExists("photos")).isFalse();
    assertThat(root.resolve("photos")).doesNotExist();
    assertThat(FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK).listBuckets()).isEmpty();
    assertThatThrownBy(() -> store.deleteBucket("photos"))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void failsWithNoSuchBucket_whenPuttingIntoMissingBucket() {
    assertThatThrownBy(() -> store.put("nope", "k", new ByteArrayInputStream(new byte[0]), 0, PutOptions.none()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
  }

  @Test
  void storesAndRemovesConfig_whenPutBucketConfigCalled() {
    store.createBucket("photos");

    store.putBucketConfig("photos", "notification", new byte[] {1, 2});
    assertThat(store.bucketConfig("photos", "notification")).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2));
    store.putBucketConfig("photos", "notification", null);

    assertThat(store.bucketConfig("photos", "notification")).isEmpty();
    assertThatThrownBy(() -> store.bucketConfig("photos", "../x"))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
  }
}
