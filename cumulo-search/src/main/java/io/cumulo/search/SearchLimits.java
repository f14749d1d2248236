package io.cumulo.search;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The limits documented on {@link io.cumulo.api.search.SearchClient}, checked where a call enters
 * {@link LuceneSearchIndex}. Every refusal is an {@link IllegalArgumentException} that says what
 * is allowed, because the message reaches the function's author.
 */
final class SearchLimits {
  private SearchLimits() {}

  /** App names as the manifest defines them; the app becomes a directory, so nothing else. */
  private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern INDEX = Pattern.compile("[a-z0-9-]{1,63}");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  static final int MAX_ID_CHARS = 512;
  static final int MAX_FIELDS = 32;
  static final int MAX_FIELD_VALUE_BYTES = 32 * 1024;
  static final int MAX_LIMIT = 1000;

  static void checkApp(String app) {
    Objects.requireNonNull(app, "app");
    if (!APP.matcher(app).matches()) {
      throw new IllegalArgumentException("app name '" + abbreviate(app) + "' is not valid; use"
          + " lowercase letters, digits and '-', starting with a letter, at most 63 characters");
    }
  }

  static void checkIndex(String index) {
    Objects.requireNonNull(index, "index");
    if (!INDEX.matcher(index).matches()) {
      throw new IllegalArgumentException("search index name '" + abbreviate(index) + "' is not"
          + " valid; use 1 to 63 lowercase letters, digits and '-', e.g. photos");
    }
  }

  static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
      throw new IllegalArgumentException("document id has " + id.length() + " characters; ids"
          + " have 1 to " + MAX_ID_CHARS + " characters");
    }
  }

  static void checkFields(Map<String, String> fields) {
    Objects.requireNonNull(fields, "fields");
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("document has " + fields.size() + " fields; at most "
          + MAX_FIELDS + " are allowed");
    }
    fields.forEach((name, value) -> {
      Objects.requireNonNull(name, "field name");
      if (!FIELD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("field name '" + abbreviate(name) + "' is not valid;"
            + " use 1 to 64 letters (A-Z, a-z), digits and '_'");
      }
      Objects.requireNonNull(value, () -> "value of field " + name);
      long bytes = utf8Length(value);
      if (bytes > MAX_FIELD_VALUE_BYTES) {
        throw new IllegalArgumentException("field " + name + " has " + bytes + " bytes of UTF-8;"
            + " a field holds at most " + MAX_FIELD_VALUE_BYTES + " bytes (32 KiB)");
      }
    });
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("search limit " + limit + " is out of range; ask for 1"
          + " to " + MAX_LIMIT + " hits");
    }
  }

  /** Counts without encoding, so an oversized value is refused without a copy of it. */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Names in messages are cut short: a refused name may be megabytes long. */
  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
