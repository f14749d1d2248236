package io.cumulo.examples.photos.functions;

import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The functions' settings from the manifest's {@code env}, checked when read. */
final class Settings {
  /** Thumbnail sizes when {@code SIZES} is not set. */
  static final String DEFAULT_SIZES = "256,512,1024";

  private Settings() {}

  /**
   * The thumbnail sizes ({@code SIZES}, comma-separated pixels), ascending without repeats.
   *
   * @throws IllegalStateException when a size is not a number 1..16384
   */
  static List<Integer> sizes(Map<String, String> env) {
    String text = env.getOrDefault("SIZES", DEFAULT_SIZES);
    List<Integer> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      String size = part.strip();
      try {
        int value = Integer.parseInt(size);
        if (value < 1 || value > ImageVariant.MAX_SIZE) {
          throw new NumberFormatException();
        }
        if (!sizes.contains(value)) {
          sizes.add(value);
        }
      } catch (NumberFormatException e) {
        throw new IllegalStateException("SIZES must list pixel sizes 1.." + ImageVariant.MAX_SIZE
            + " separated by commas, e.g. 256,512,1024; found '" + size + "'");
      }
    }
    sizes.sort(null);
    return List.copyOf(sizes);
  }

  /**
   * The filters applied to every photo ({@code FILTERS}, comma-separated preset names); empty
   * when unset or blank.
   *
   * @throws IllegalStateException when a name is not one of {@link Images#FILTERS}
   */
  static List<String> automaticFilters(Map<String, String> env) {
    String text = env.getOrDefault("FILTERS", "");
    List<String> filters = new ArrayList<>();
    for (String part : text.split(",")) {
      String filter = part.strip();
      if (filter.isEmpty() || filters.contains(filter)) {
        continue;
      }
      if (!Images.FILTERS.contains(filter)) {
        throw new IllegalStateException("FILTERS names '" + filter + "', which is not a preset; known: "
            + String.join(", ", Images.FILTERS));
      }
      filters.add(filter);
    }
    return List.copyOf(filters);
  }
}
