package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.api.TableChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableFunctionsTest {

  @Test
  void indexesNameWordsTagsAndCaption_whenAPhotoChanges() {
    Map<String, String> fields = Indexer.fields(photo("AAAAAAAAAAAAAAAA/beach_sunset-2024.jpg", List.of("holiday", "nice"), "Golden hour"));

    assertThat(fields).containsEntry("name", "beach_sunset-2024.jpg")
        .containsEntry("words", "beach sunset 2024 jpg")
        .containsEntry("tags", "holiday nice")
        .containsEntry("caption", "Golden hour");
  }

  @Test
  void leavesOutEmptyFields_whenThePhotoHasNoTagsOrCaption() {
    assertThat(Indexer.fields(photo("x.png", List.of(), null))).containsOnlyKeys("name", "words");
  }

  @Test
  void publishesThePhoto_whenItChanges() {
    Map<String, Object> ready = photo("k/a.jpg", List.of(), null);
    ready.put("status", "ready");

    Object message = Notify.message(new TableChange("photos", "catalog", "MODIFY", "k", ready, null, 3, Instant.now()));

    assertThat(message).isEqualTo(ready);
  }

  @Test
  void publishesDeleted_whenThePhotoIsRemoved() {
    Object message = Notify.message(new TableChange("photos", "catalog", "REMOVE", "k", null,
        photo("k/a.jpg", List.of(), null), 4, Instant.now()));

    assertThat(Json.write(message)).isEqualTo("{\"id\":\"k\",\"status\":\"deleted\"}");
  }

  private static Map<String, Object> photo(String key, List<String> tags, String caption) {
    Map<String, Object> photo = new LinkedHashMap<>();
    photo.put("id", "k");
    photo.put("key", key);
    photo.put("tags", tags);
    photo.put("caption", caption);
    return photo;
  }
}
