package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhotoKeysTest {

  @Test
  void makesDistinctUploadKeysAndIds_whenTheSameFileIsUploadedAgain() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String folder = PhotoKeys.newFolder();
      assertThat(folder).matches(PhotoKeys.ID);
      String key = PhotoKeys.uploadKey(folder, "Beach Day.JPG");
      assertThat(key).isEqualTo(folder + "/Beach-Day.JPG");
      ids.add(PhotoKeys.idOf(key));
    }
    assertThat(ids).hasSize(1000);
  }

  @ParameterizedTest
  @CsvSource({"holiday.jpg", "2024/summer/holiday.jpg", "2024-summer-trip/a.jpg", "2024-summer-trip/b.jpg"})
  void derivesAStableIdFromTheKey_whateverTheKeyLooksLike(String key) {
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
