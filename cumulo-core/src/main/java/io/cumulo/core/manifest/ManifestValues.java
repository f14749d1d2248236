package io.cumulo.core.manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The syntax of manifest scalars that are more than plain text: names, durations, paths. */
final class ManifestValues {
  private ManifestValues() {}

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  static final String NAME_RULE =
      "use lowercase letters, digits and '-', starting with a letter, at most 63 characters";
  static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** S3's bucket name rule (without the IP-address and ".." exceptions, checked separately). */
  static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  static final String BUCKET_RULE = "3 to 63 lowercase letters, digits, '.' and '-', starting and"
      + " ending with a letter or digit, e.g. photos-uploads";

  /** Whether a name follows S3's bucket naming rules. */
  static boolean isBucketName(String name) {
    return BUCKET.matcher(name).matches() && !name.contains("..")
        && !name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; null if it is not one of those. */
  static Duration parseDuration(String text) {
    var match = DURATION.matcher(text);
    if (!match.matches()) {
      return null;
    }
    long amount = Long.parseLong(match.group(1));
    return switch (match.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** Writes a duration the way a manifest would, in the largest unit that is exact: 90s, 15m. */
  static String formatDuration(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis != 0 && millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }

  /** True for a Java binary class name such as {@code com.example.Echo} or {@code a.Outer$Inner}. */
  static boolean isBinaryClassName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
        return false;
      }
      boolean ok = part.codePoints().allMatch(
          c -> Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a path inside the app folder as written in the manifest.
   *
   * @return null if it is relative, normalised and stays inside the folder; else what is wrong
   */
  static String pathProblem(String path, String example) {
    if (path.isEmpty()) {
      return "is empty; give a path relative to the app folder, e.g. " + example;
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      return "contains control characters; give a plain path, e.g. " + example;
    }
    if (path.indexOf('\\') >= 0) {
      return "'" + path + "' uses backslashes; separate folders with '/', e.g. " + example;
    }
    if (path.startsWith("/") || path.matches("[A-Za-z]:.*")) {
      return "'" + path + "' is absolute; give a path relative to the app folder, e.g. " + example;
    }
    List<String> kept = new ArrayList<>();
    boolean normal = true;
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "'" + path + "' escapes the app folder ('..'); give a path inside it, e.g. " + example;
      }
      if (segment.isEmpty() || segment.equals(".")) {
        normal = false;
      } else {
        kept.add(segment);
      }
    }
    if (kept.isEmpty()) {
      return "'" + path + "' names the app folder itself; give a path inside it, e.g. " + example;
    }
    if (!normal) {
      return "'" + path + "' is not normalised; write it as '" + String.join("/", kept) + "'";
    }
    return null;
  }
}
