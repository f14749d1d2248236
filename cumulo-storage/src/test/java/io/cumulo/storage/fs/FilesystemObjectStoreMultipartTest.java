package io.cumulo.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.CompletedPart;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.PartInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import io.cumulo.core.storage.UploadInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemObjectStoreMultipartTest {
  static final int MIB = 1024 * 1024;

  @TempDir Path root;
  FilesystemObjectStore store;
  String uploadId;

  @BeforeEach
  void open() {
    store = FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK);
    store.createBucket("photos");
    uploadId = store.createMultipartUpload("photos", "big.bin", new PutOptions("video/mp4", Map.of("a", "b"), null, Map.of(), false));
  }

  static byte[] filled(int size, int value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  PartInfo part(int number, byte[] data) {
    return store.uploadPart("photos", "big.bin", uploadId, number, new ByteArrayInputStream(data), data.length, PutOptions.none());
  }

  @Test
  void assemblesObjectWithMultipartEtag_whenThreePartsCompleted() throws Exception {
    byte[][] data = {filled(5 * MIB, 1), filled(5 * MIB, 2), filled(1, 3)};
    PartInfo p1 = part(1, data[0]);
    PartInfo p2 = part(2, data[1]);
    PartInfo p3 = part(3, data[2]);

    ObjectInfo object = store.completeMultipartUpload("photos", "big.bin", uploadId,
        List.of(new CompletedPart(1, p1.etag()), new CompletedPart(2, p2.etag()), new CompletedPart(3, p3.etag())));

    MessageDigest md5s = MessageDigest.getInstance("MD5");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] d : data) {
      md5s.update(MessageDigest.getInstance("MD5").digest(d));
      all.write(d);
    }
    assertThat(object.etag()).isEqualTo('"' + HexFormat.of().formatHex(md5s.digest()) + "-3\"");
    assertThat(object.size()).isEqualTo(10 * MIB + 1);
    assertThat(object.contentType()).isEqualTo("video/mp4");
    assertThat(object.userMetadata()).isEqualTo(Map.of("a", "b"));
    try (var content = store.get("photos", "big.bin", null)) {
      assertThat(content.stream().readAllBytes()).isEqualTo(all.toByteArray());
    }
    assertThat(store.listMultipartUploads("photos", "")).isEmpty();
    assertThatThrownBy(() -> store.completeMultipartUpload("photos", "big.bin", uploadId, List.of(new CompletedPart(1, p1.etag()))))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void failsWithInvalidPartOrder_whenPartsNotAscending() {
    PartInfo p1 = part(1, filled(10, 1));
    PartInfo p2 = part(2, filled(10, 2));

    assertThatThrownBy(() -> store.completeMultipartUpload("photos", "big.bin", uploadId,
        List.of(new CompletedPart(2, p2.etag()), new CompletedPart(1, p1.etag()))))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidPartOrder"));
  }

  @Test
  void failsWithInvalidPart_whenEtagDiffersOrPartMissing() {
    PartInfo p1 = part(1, filled(10, 1));

    assertThatThrownBy(() -> store.completeMultipartUpload("photos", "big.bin", uploadId, List.of(new CompletedPart(1, "\"00\""))))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidPart"));
    assertThatThrownBy(() -> store.completeMultipartUpload("photos", "big.bin", uploadId,
        List.of(new CompletedPart(1, p1.etag()), new CompletedPart(7, p1.etag()))))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidPart"));
    assertThat(store.head("photos", "big.bin")).isEmpty();
  }

  @Test
  void failsWithEntityTooSmall_whenNonLastPartUnder5Mib() {
    PartInfo p1 = part(1, filled(5 * MIB - 1, 1));
    PartInfo p2 = part(2, filled(1, 2));

    assertThatThrownBy(() -> store.completeMultipartUpload("photos", "big.bin", uploadId,
        List.of(new CompletedPart(1, p1.etag()), new CompletedPart(2, p2.etag()))))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("EntityTooSmall"));
  }

  @Test
  void discardsUpload_whenAborted() {
    part(1, filled(10, 1));

    store.abortMultipartUpload("photos", "big.bin", uploadId);

    assertThat(store.listMultipartUploads("photos", "")).isEmpty();
    assertThatThrownBy(() -> store.abortMultipartUpload("photos", "big.bin", uploadId))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
    assertThatThrownBy(() -> part(2, filled(1, 1)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void listsPartsByNumber_whenPartsUploadedOutOfOrderAndReplaced() {
    part(3, filled(3, 3));
    part(1, filled(1, 1));
    part(2, filled(9, 2));
    PartInfo replaced = part(2, filled(2, 2));

    List<PartInfo> parts = store.listParts("photos", "big.bin", uploadId, 0, 1000);

    assertThat(parts).extracting(PartInfo::partNumber).containsExactly(1, 2, 3);
    assertThat(parts.get(1)).isEqualTo(replaced);
    assertThat(store.listParts("photos", "big.bin", uploadId, 1, 1)).extracting(PartInfo::partNumber).containsExactly(2);
  }

  @Test
  void listsUploadsByKey_whenSeveralInProgress() {
    String other = store.createMultipartUpload("photos", "a.bin", PutOptions.none());

    List<UploadInfo> uploads = store.listMultipartUploads("photos", "");

    assertThat(uploads).extracting(UploadInfo::key, UploadInfo::uploadId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.bin", other), org.assertj.core.groups.Tuple.tuple("big.bin", uploadId));
    assertThat(store.listMultipartUploads("photos", "big")).extracting(UploadInfo::uploadId).containsExactly(uploadId);
    assertThat(store.list("photos", "", null, null, 1000).objects()).isEmpty();
    assertThat(uploadId).matches("[0-9a-f]{48}").isNotEqualTo(other);
  }

  @Test
  void failsWithNoSuchUpload_whenUploadIdIsUnknownOrHostile() {
    for (String id : new String[] {"../../etc", "0".repeat(48)}) {
      assertThatThrownBy(() -> store.listParts("photos", "big.bin", id, 0, 10))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
    }
  }

  @Test
  void keepsUploadAndParts_whenReopened() {
    PartInfo p1 = part(1, filled(7, 1));

    FilesystemObjectStore reopened = FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK);

    assertThat(reopened.listParts("photos", "big.bin", uploadId, 0, 10)).containsExactly(p1);
    assertThat(reopened.completeMultipartUpload("photos", "big.bin", uploadId, List.of(new CompletedPart(1, p1.etag()))).size())
        .isEqualTo(7);
  }
}
