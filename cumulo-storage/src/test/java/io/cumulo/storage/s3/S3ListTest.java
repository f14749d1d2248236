package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ListTest {
  private static final int KEYS = 2500;
  @TempDir static Path dir;
  static S3TestServer t;
  static S3Client s3;
  static List<String> keys = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    s3 = t.s3;
    s3.createBucket(b -> b.bucket("many"));
    s3.createBucket(b -> b.bucket("tree"));
    // Filled through the store, in parallel: this class tests listing, and 2500 fsynced PUTs one by one are slow.
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String key = "dir" + (i % 5) + "/file-" + String.format("%05d", i);
        keys.add(key);
        writes.add(pool.submit(() -> t.store.put("many", key, new ByteArrayInputStream(new byte[] {1}), 1, PutOptions.none())));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    }
    keys.sort(null);
    for (String key : List.of("a/1", "a/2", "a/b/3", "c/4", "top", "x y/5")) {
      s3.putObject(b -> b.bucket("tree").key(key), RequestBody.fromString(key));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  @Test
  void doesPageThroughEveryKey_whenV2Paginator() {
    List<String> listed = new ArrayList<>();
    int pages = 0;
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket("many").maxKeys(700))) {
      pages++;
      assertThat(page.keyCount()).isEqualTo(page.contents().size());
      page.contents().forEach(o -> listed.add(o.key()));
    }
    assertThat(listed).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void doesPageThroughEveryKey_whenV1PaginatorWithDefaultPageSize() {
    // The SDK has no v1 paginator; page as its users do, with the last key as the next marker.
    List<String> listed = new ArrayList<>();
    String marker = null;
    int pages = 0;
    while (true) {
      String from = marker;
      ListObjectsResponse page = s3.listObjects(b -> b.bucket("many").marker(from));
      pages++;
      assertThat(page.contents().size()).isLessThanOrEqualTo(1000);
      page.contents().forEach(o -> listed.add(o.key()));
      if (!page.isTruncated()) {
        break;
      }
      marker = page.contents().getLast().key();
    }
    assertThat(listed).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void doesGroupCommonPrefixes_whenDelimiterGiven() {
    ListObjectsV2Response root = s3.listObjectsV2(b -> b.bucket("tree").delimiter("/"));
    assertThat(root.contents()).extracting(S3Object::key).containsExactly("top");
    assertThat(root.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "c/", "x y/");
    ListObjectsV2Response a = s3.listObjectsV2(b -> b.bucket("tree").prefix("a/").delimiter("/"));
    assertThat(a.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2");
    assertThat(a.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/b/");

    // v1 with a delimiter answers NextMarker, which may be a common prefix.
    List<String> seen = new ArrayList<>();
    String marker = null;
    while (true) {
      String from = marker;
      ListObjectsResponse page = s3.listObjects(b -> b.bucket("tree").delimiter("/").maxKeys(1).encodingType("url").marker(from));
      page.contents().forEach(o -> seen.add(o.key()));
      page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
      if (!page.isTruncated()) {
        break;
      }
      marker = page.nextMarker();
    }
    assertThat(seen).containsExactly("a/", "c/", "top", "x y/");

    ListObjectsV2Response startAfter = s3.listObjectsV2(b -> b.bucket("tree").startAfter("a/b/3").fetchOwner(true));
    assertThat(startAfter.contents()).extracting(S3Object::key).containsExactly("c/4", "top", "x y/5");
    assertThat(startAfter.contents().getFirst().owner()).isNotNull();
  }

  @Test
  void doesListEveryObjectAsNullVersion_whenListObjectVersions() {
    ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("tree").prefix("a/"));
    assertThat(versions.versions()).extracting(v -> v.key()).containsExactly("a/1", "a/2", "a/b/3");
    assertThat(versions.versions()).allSatisfy(v -> {
      assertThat(v.versionId()).isEqualTo("null");
      assertThat(v.isLatest()).isTrue();
    });
    List<String> paged = new ArrayList<>();
    s3.listObjectVersionsPaginator(b -> b.bucket("tree").maxKeys(2)).forEach(p -> p.versions().forEach(v -> paged.add(v.key())));
    assertThat(paged).containsExactly("a/1", "a/2", "a/b/3", "c/4", "top", "x y/5");
  }

  @Test
  void doesDeleteManyKeys_whenDeleteObjectsVerboseAndQuiet() {
    for (String key : List.of("d/1", "d/2", "d/3", "d/4")) {
      s3.putObject(b -> b.bucket("tree").key(key), RequestBody.fromString(key));
    }
    DeleteObjectsResponse verbose = s3.deleteObjects(b -> b.bucket("tree").delete(Delete.builder()
        .objects(ObjectIdentifier.builder().key("d/1").build(), ObjectIdentifier.builder().key("d/2").build(),
            ObjectIdentifier.builder().key("d/missing").build())
        .build()));
    assertThat(verbose.deleted()).extracting(d -> d.key()).containsExactly("d/1", "d/2", "d/missing");
    assertThat(verbose.errors()).isEmpty();
    DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket("tree").delete(Delete.builder().quiet(true)
        .objects(ObjectIdentifier.builder().key("d/3").build(), ObjectIdentifier.builder().key("d/4").build())
        .build()));
    assertThat(quiet.deleted()).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket("tree").prefix("d/")).contents()).isEmpty();
    assertThat(t.events.forKey("d/3")).extracting(S3TestServer.RecordingEvents.Event::name)
        .containsExactly("ObjectCreated:Put", "ObjectRemoved:Delete");
    assertThat(t.events.forKey("d/missing")).isEmpty();
  }
}
