package io.cumulo.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.core.storage.ListResult;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemObjectStoreListingTest {
  @TempDir Path root;
  FilesystemObjectStore store;

  @BeforeEach
  void open() {
    store = FilesystemObjectStore.open(root, FilesystemObjectStoreTest.CLOCK);
    store.createBucket("bkt");
  }

  void put(String... keys) {
    for (String key : keys) {
      store.put("bkt", key, new ByteArrayInputStream(new byte[0]), 0, PutOptions.none());
    }
  }

  static List<String> keys(ListResult result) {
    return result.objects().stream().map(ObjectInfo::key).toList();
  }

  @Test
  void listsInUtf8ByteOrder_whenKeysMixAsciiAndUnicode() {
    put("é", "ab", "a/", "a", "\uFFFD", "😀", "A");

    assertThat(keys(store.list("bkt", "", null, null, 1000))).containsExactly("A", "a", "a/", "ab", "é", "\uFFFD", "😀");
  }

  @Test
  void listsOnlyMatchingKeys_whenPrefixGiven() {
    put("photos/1", "photos/2", "photosynthesis", "thumbs/1");

    assertThat(keys(store.list("bkt", "photos/", null, null, 1000))).containsExactly("photos/1", "photos/2");
  }

  @Test
  void groupsCommonPrefixes_whenDelimiterGiven() {
    put("a.txt", "photos/2024/1.jpg", "photos/2024/2.jpg", "photos/2025/1.jpg", "photos/top.jpg", "z");

    ListResult root = store.list("bkt", "", "/", null, 1000);
    ListResult photos = store.list("bkt", "photos/", "/", null, 1000);

    assertThat(keys(root)).containsExactly("a.txt", "z");
    assertThat(root.commonPrefixes()).containsExactly("photos/");
    assertThat(keys(photos)).containsExactly("photos/top.jpg");
    assertThat(photos.commonPrefixes()).containsExactly("photos/2024/", "photos/2025/");
  }

  @Test
  void listsKeysAfterIt_whenStartAfterGiven() {
    put("a", "b", "c", "d");

    assertThat(keys(store.list("bkt", "", null, "b", 1000))).containsExactly("c", "d");
    assertThat(keys(store.list("bkt", "", null, "bb", 1000))).containsExactly("c", "d");
  }

  @Test
  void joinsPagesToAllKeysInOrder_whenPaginatingOver2500Keys() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      String key = (i % 3 == 0 ? "é" : i % 3 == 1 ? "a/" : "ab") + i;
      expected.add(key);
      put(key);
    }
    expected.sort(Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));

    List<String> listed = new ArrayList<>();
    String startAfter = null;
    int pages = 0;
    ListResult page;
    do {
      page = store.list("bkt", "", null, startAfter, 1000);
      listed.addAll(keys(page));
      startAfter = page.nextStartAfter();
      pages++;
    } while (page.truncated());

    assertThat(pages).isEqualTo(3);
    assertThat(listed).isEqualTo(expected);
  }

  @Test
  void neverRepeatsCommonPrefix_whenPaginatingWithDelimiter() {
    put("a/1", "a/2", "b", "c/1", "c/2", "d");

    List<String> all = new ArrayList<>();
    String startAfter = null;
    ListResult page;
    do {
      page = store.list("bkt", "", "/", startAfter, 1);
      all.addAll(keys(page));
      all.addAll(page.commonPrefixes());
      startAfter = page.nextStartAfter();
    } while (page.truncated());

    assertThat(all).containsExactly("a/", "b", "c/", "d");
  }
}
