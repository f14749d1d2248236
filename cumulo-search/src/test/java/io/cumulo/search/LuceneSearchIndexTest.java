package io.cumulo.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.api.search.SearchHit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LuceneSearchIndexTest {
  @TempDir Path dir;
  private LuceneSearchIndex search;

  @BeforeEach
  void open() {
    search = LuceneSearchIndex.open(dir);
  }

  @AfterEach
  void close() {
    search.close();
  }

  private void photo(String id, String title, String caption) {
    search.upsert("photos", "pics", id, Map.of("title", title, "caption", caption));
  }

  private List<String> ids(String query) {
    return search.search("photos", "pics", query, 10).stream().map(SearchHit::id).toList();
  }

  @Test
  void findsDocumentWithItsFields_whenQueryHasOneOfItsWords() {
    photo("p1", "Sunset over the bay", "orange sky");
    photo("p2", "Mountain lake", "still water");

    List<SearchHit> hits = search.search("photos", "pics", "BAY", 10);

    assertThat(hits).singleElement().satisfies(hit -> {
      assertThat(hit.id()).isEqualTo("p1");
      assertThat(hit.score()).isPositive();
      assertThat(hit.fields()).isEqualTo(Map.of("title", "Sunset over the bay", "caption", "orange sky"));
    });
  }

  @Test
  void findsOnlyDocumentsWithEveryWord_whenQueryHasSeveral() {
    photo("p1", "Sunset over the bay", "orange sky");
    photo("p2", "Sunset in the mountains", "red sky");

    assertThat(ids("sunset orange")).containsExactly("p1");
    assertThat(ids("sky sunset")).containsExactlyInAnyOrder("p1", "p2");
  }

  @Test
  void findsWordsStartingWithAQueryWord_whenWordIsAPrefix() {
    photo("p1", "Sunset over the bay", "");
    photo("p2", "Sundial", "");
    photo("p3", "Moon", "");

    assertThat(ids("sun")).containsExactlyInAnyOrder("p1", "p2");
    assertThat(ids("suns")).containsExactly("p1");
  }

  @Test
  void findsOtherFormsOfAWord_whenTheyShareTheStem() {
    photo("p1", "A sunset", "");
    photo("p2", "Running dogs", "");

    assertThat(ids("sunsets")).containsExactly("p1");
    assertThat(ids("dog")).containsExactly("p2");
  }

  @Test
  void ignoresCaseAndAccents_whenMatching() {
    photo("p1", "Café Crème", "");

    assertThat(ids("cafe creme")).containsExactly("p1");
    assertThat(ids("CAFÉ")).containsExactly("p1");
  }

  @Test
  void findsWordsTogether_whenQueryIsQuoted() {
    photo("p1", "red fox jumps", "");
    photo("p2", "fox is red", "");

    assertThat(ids("\"red fox\"")).containsExactly("p1");
    assertThat(ids("red fox")).containsExactlyInAnyOrder("p1", "p2");
  }

  @Test
  void doesNotMatchAPhraseAcrossTwoFields() {
    photo("p1", "the red", "fox sleeps");

    assertThat(ids("\"red fox\"")).isEmpty();
  }

  @Test
  void excludesDocuments_whenWordOrPhraseHasAMinus() {
    photo("p1", "sunset over the bay", "");
    photo("p2", "sunset over the mountains", "");
    photo("p3", "sunset in the old town", "");

    assertThat(ids("sunset -bay")).containsExactlyInAnyOrder("p2", "p3");
    assertThat(ids("sunset -\"old town\"")).containsExactlyInAnyOrder("p1", "p2");
    assertThat(ids("sunset -moun")).as("exclusion is exact, not a prefix")
        .containsExactlyInAnyOrder("p1", "p2", "p3");
  }

  @Test
  void findsNothing_whenQueryOnlyExcludes() {
    photo("p1", "sunset", "");

    assertThat(ids("-bay")).isEmpty();
  }

  @Test
  void ranksExactWordAbovePrefix() {
    photo("prefix", "sunset", "");
    photo("exact", "sun", "");

    assertThat(ids("sun")).containsExactly("exact", "prefix");
  }

  @Test
  void ranksDocumentsMatchingInMoreFieldsFirst() {
    photo("one", "lake view", "morning walk");
    photo("two", "lake view", "lake walk");

    assertThat(ids("lake")).containsExactly("two", "one");
  }

  @Test
  void ranksDocumentsWithMoreOccurrencesFirst() {
    photo("once", "harbour boats at noon", "");
    photo("thrice", "boats boats boats", "");

    assertThat(ids("boats")).containsExactly("thrice", "once");
  }

  @Test
  void returnsAtMostLimitHits() {
    for (int i = 0; i < 20; i++) {
      photo("p" + i, "beach " + i, "");
    }

    assertThat(search.search("photos", "pics", "beach", 5)).hasSize(5);
    assertThat(search.search("photos", "pics", "beach", 1000)).hasSize(20);
  }

  @Test
  void replacesTheDocument_whenIdIsIndexedAgain() {
    photo("p1", "sunset", "");
    photo("p1", "sunrise", "");

    assertThat(ids("sunset")).isEmpty();
    assertThat(search.search("photos", "pics", "sunrise", 10)).singleElement()
        .satisfies(hit -> assertThat(hit.fields()).containsEntry("title", "sunrise"));
  }

  @Test
  void removesTheDocument_andSaysWhetherItWasThere() {
    photo("p1", "sunset", "");
    photo("p2", "sunset", "");

    assertThat(search.delete("photos", "pics", "p1")).isTrue();
    assertThat(search.delete("photos", "pics", "p1")).isFalse();
    assertThat(search.delete("photos", "pics", "never")).isFalse();
    assertThat(ids("sunset")).containsExactly("p2");
  }

  @Test
  void findsNothingAndCreatesNothing_whenIndexWasNeverWritten() {
    assertThat(search.search("photos", "missing", "anything", 10)).isEmpty();
    assertThat(search.delete("photos", "missing", "p1")).isFalse();

    assertThat(dir.resolve("photos")).doesNotExist();
  }

  @Test
  void keepsAppsAndIndexesApart() {
    search.upsert("photos", "pics", "a", Map.of("title", "shared word"));
    search.upsert("photos", "notes", "b", Map.of("title", "shared word"));
    search.upsert("blog", "pics", "c", Map.of("title", "shared word"));

    assertThat(ids("shared")).containsExactly("a");
    assertThat(search.search("photos", "notes", "shared", 10)).extracting(SearchHit::id)
        .containsExactly("b");
    assertThat(search.search("blog", "pics", "shared", 10)).extracting(SearchHit::id)
        .containsExactly("c");
    assertThat(search.delete("blog", "pics", "a")).isFalse();
  }

  @Test
  void removesEveryIndexOfTheApp_whenAppIsDropped() {
    search.upsert("photos", "pics", "a", Map.of("title", "word"));
    search.upsert("photos", "notes", "b", Map.of("title", "word"));
    search.upsert("blog", "pics", "c", Map.of("title", "word"));

    search.dropApp("photos");

    assertThat(dir.resolve("photos")).doesNotExist();
    assertThat(ids("word")).isEmpty();
    assertThat(search.search("blog", "pics", "word", 10)).hasSize(1);
    search.upsert("photos", "pics", "d", Map.of("title", "word"));
    assertThat(ids("word")).containsExactly("d");
  }

  @Test
  void storesADocumentWithTheLargestAllowedShape() {
    var fields = new HashMap<String, String>();
    for (int i = 0; i < 32; i++) {
      fields.put("field_" + i, "word" + i + " " + "x".repeat(32 * 1024 - 10));
    }
    String id = "i".repeat(512);

    search.upsert("photos", "pics", id, fields);

    assertThat(search.search("photos", "pics", "word31", 1)).singleElement()
        .satisfies(hit -> assertThat(hit.id()).isEqualTo(id));
  }

  static Stream<Arguments> brokenUpserts() {
    Map<String, String> ok = Map.of("title", "t");
    var tooMany = new HashMap<String, String>();
    for (int i = 0; i < 33; i++) {
      tooMany.put("f" + i, "v");
    }
    return Stream.of(
        Arguments.of("Photos", "pics", "p1", ok, "app name 'Photos' is not valid"),
        Arguments.of("photos", "Pics", "p1", ok, "1 to 63 lowercase letters, digits and '-'"),
        Arguments.of("photos", "a".repeat(64), "p1", ok, "1 to 63 lowercase letters"),
        Arguments.of("photos", "../etc", "p1", ok, "search index name '../etc' is not valid"),
        Arguments.of("photos", "", "p1", ok, "search index name '' is not valid"),
        Arguments.of("photos", "pics", "", ok, "ids have 1 to 512 characters"),
        Arguments.of("photos", "pics", "i".repeat(513), ok, "document id has 513 characters"),
        Arguments.of("photos", "pics", "p1", tooMany, "document has 33 fields; at most 32"),
        Arguments.of("photos", "pics", "p1", Map.of("ti-tle", "t"),
            "field name 'ti-tle' is not valid; use 1 to 64 letters (A-Z, a-z), digits and '_'"),
        Arguments.of("photos", "pics", "p1", Map.of("$id", "t"), "field name '$id' is not valid"),
        Arguments.of("photos", "pics", "p1", Map.of("body", "é".repeat(16 * 1024 + 1)),
            "field body has 32770 bytes of UTF-8; a field holds at most 32768 bytes"));
  }

  @ParameterizedTest
  @MethodSource("brokenUpserts")
  void refusesTheWriteWithWhatIsAllowed_whenALimitIsBroken(String app, String index, String id,
      Map<String, String> fields, String message) {
    assertThatThrownBy(() -> search.upsert(app, index, id, fields))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(dir).isEmptyDirectory();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1001})
  void refusesTheSearch_whenLimitIsOutOfRange(int limit) {
    assertThatThrownBy(() -> search.search("photos", "pics", "sun", limit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("search limit " + limit + " is out of range; ask for 1 to 1000 hits");
  }

  /** Odd queries against one shared index: opening an index per query would be slow. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class HostileQueries {
    private LuceneSearchIndex shared;

    @BeforeAll
    void openWithOneDocument(@TempDir Path sharedDir) {
      shared = LuceneSearchIndex.open(sharedDir);
      shared.upsert("photos", "pics", "p1", Map.of("title", "sunset", "caption", "日本語の写真 🌅"));
    }

    @AfterAll
    void closeShared() {
      shared.close();
    }

    Stream<String> hostileQueries() {
      return Stream.of("", "   ", "\"", "\"\"", "\"sunset", "sunset\"", "-", "--", "-\"", "*",
          "sun*", "?", "AND OR", "NOT", "((", ")", "title:sunset", "\\", "\\\"", "~2", "^3",
          "+sunset", "[a TO z]", "{}", "/regex/", "\u0000", "🌅 sunset", "日本語の写真", "\uD800",
          "sunset ".repeat(1_500), "x".repeat(10_000), "\"a ".repeat(3_000) + "\"",
          "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-".repeat(40));
    }

    @ParameterizedTest
    @MethodSource("hostileQueries")
    void neverFails_whenQueryIsOddOrHuge(String query) {
      assertThatCode(() -> shared.search("photos", "pics", query, 10)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"日本語", "写真", "🌅", "((sunset", "sunset*", "\"sunset", "sunset\\"})
    void findsTheDocument_whenQueryIsUnicodeOrHasStrayOperators(String query) {
      assertThat(shared.search("photos", "pics", query, 10)).extracting(SearchHit::id)
          .containsExactly("p1");
    }
  }

  @Test
  void readsOperatorsAsWords() {
    photo("p1", "sunset", "");
    photo("p2", "sunset and sunrise", "");

    assertThat(ids("sunset AND")).containsExactly("p2");
    assertThat(ids("sunset OR moon")).isEmpty();
    assertThat(ids("")).isEmpty();
  }

  @Test
  void refusesCalls_afterClose() {
    search.close();

    assertThatThrownBy(() -> search.search("photos", "pics", "sun", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
