package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhotoKeysTest {

  @Test
  void makesDistinctUrlSafeIds_whenAskedForNewOnes() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = PhotoKeys.newId();
      assertThat(id).matches(PhotoKeys.ID);
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void takesTheIdFromTheKey_whenTheKeyCameFromAnApiUpload() {
    String id = PhotoKeys.newId();

    assertThat(PhotoKeys.idOf(PhotoKeys.uploadKey(id, "Beach Day.JPG"))).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource({"holiday.jpg", "2024/summer/holiday.jpg", "short/x.jpg", "AAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAA/x.jpg"})
  void derivesAStableIdFromTheKey_whenTheKeyHasNoIdPrefix(String key) {
    String id = PhotoKeys.idOf(key);

    assertThat(id).matches(PhotoKeys.ID);
    assertThat(PhotoKeys.idOf(key)).isEqualTo(id);
    assertThat(PhotoKeys.idOf(key + "2")).isNotEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "beach.jpg|beach.jpg",
      "My Holiday (1).JPG|My-Holiday-1-.JPG",
      "C:\\photos\\cat.png|cat.png",
      "../../etc/passwd|passwd",
      "été à Nice.heic|t-Nice.heic",
      "...|photo",
      "'   '|photo",
      "#?&.jpg|jpg"})
  void keepsOnlySafeCharacters_whenMakingTheStoredName(String fileName, String stored) {
    assertThat(PhotoKeys.safeName(fileName)).isEqualTo(stored);
  }

  @Test
  void shortensLongNamesKeepingTheExtension_whenTheNameIsTooLong() {
    String safe = PhotoKeys.safeName("a".repeat(300) + ".jpeg");

    assertThat(safe).hasSize(100).endsWith("a.jpeg");
  }

  @Test
  void namesDerivedImagesUnderTheId_whenMakingKeys() {
    assertThat(PhotoKeys.thumbnailKey("abc", 256, "JPG")).isEqualTo("abc/256.jpg");
    assertThat(PhotoKeys.filterKey("abc", "sepia")).isEqualTo("abc/filters/sepia.jpg");
    assertThat(PhotoKeys.fileName("abc/beach.jpg")).isEqualTo("beach.jpg");
    assertThat(PhotoKeys.fileName("beach.jpg")).isEqualTo("beach.jpg");
  }
}
