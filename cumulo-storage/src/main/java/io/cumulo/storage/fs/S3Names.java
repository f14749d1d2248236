package io.cumulo.storage.fs;

import io.cumulo.core.storage.StorageException;
import java.util.regex.Pattern;

/** The S3 rules for bucket names and object keys, checked where requests enter the engine. */
final class S3Names {
  static final int MAX_KEY_BYTES = 1024;

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern CONFIG_KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private S3Names() {}

  static void checkBucketName(String bucket) {
    if (!BUCKET.matcher(bucket).matches()
        || bucket.contains("..")
        || IP_ADDRESS.matcher(bucket).matches()
        || bucket.startsWith("xn--")
        || bucket.endsWith("-s3alias")) {
      throw new StorageException(400, "InvalidBucketName",
          "The specified bucket is not valid: bucket names are 3 to 63 lowercase letters, digits, '.' and '-',"
              + " start and end with a letter or digit, have no '..' and are not IP addresses");
    }
  }

  /** Rejects keys S3 rejects: empty, over 1024 bytes of UTF-8, or not encodable (a lone surrogate). */
  static void checkKey(String key) {
    if (key.isEmpty()) {
      throw StorageException.invalidArgument("The object key must not be empty");
    }
    long bytes = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw StorageException.invalidArgument("The object key is not valid UTF-8: lone surrogate at index " + i);
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > MAX_KEY_BYTES) {
      throw new StorageException(400, "KeyTooLongError",
          "Your key is too long: " + bytes + " bytes of UTF-8, at most " + MAX_KEY_BYTES + " allowed");
    }
  }

  /** Configuration kinds name files, so they are short lowercase words ({@code cors}, {@code notification}). */
  static void checkConfigKind(String kind) {
    if (!CONFIG_KIND.matcher(kind).matches()) {
      throw StorageException.invalidArgument("Configuration kind must be 1..32 of a-z, 0-9, '-' starting with a letter: " + kind);
    }
  }
}
