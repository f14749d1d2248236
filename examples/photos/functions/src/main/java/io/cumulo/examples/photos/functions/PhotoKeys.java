package io.cumulo.examples.photos.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a photo's files live and how its id relates to them. A photo's id is derived from its
 * original's key (a hash), so every object in the uploads bucket, whoever PUT it (the gallery,
 * the SDK, the aws CLI), maps to exactly one photo, and the same key always to the same one. An
 * upload through the API is stored at {@code RANDOM/FILE-NAME}, so uploads of the same file name
 * never collide. Derived images go to {@code ID/SIZE.jpg}, {@code ID/SIZE.webp} and
 * {@code ID/filters/NAME.jpg} in the derived bucket.
 */
final class PhotoKeys {
  /** The bucket the originals are uploaded to. */
  static final String UPLOADS = "photos-uploads";
  /** The bucket the thumbnails and filtered images are written to. */
  static final String DERIVED = "photos-derived";
  /** The catalog service's name in the manifest. */
  static final String CATALOG = "catalog";
  /** The largest original accepted: 100 MiB. */
  static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;

  /** Ids are 16 URL-safe characters: 96 bits. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final int ID_BYTES = 12;
  private static final int MAX_NAME_CHARS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private PhotoKeys() {}

  /** A new random folder for an upload: 16 URL-safe characters. */
  static String newFolder() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** The photo id of an original's key: 96 bits of its SHA-256, URL-safe. */
  static String idOf(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(java.util.Arrays.copyOf(hash, ID_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key an API upload is stored under: {@code FOLDER/SAFE-NAME}. */
  static String uploadKey(String folder, String fileName) {
    return folder + "/" + safeName(fileName);
  }

  /**
   * The file name reduced to letters, digits, '.', '_' and '-' (others become '-'), at most 100
   * characters, keeping its extension; {@code photo} when nothing is left.
   */
  static String safeName(String fileName) {
    String base = fileName == null ? "" : fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    String safe = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-")
        .replaceAll("^[-.]+", "").replaceAll("-+$", "");
    if (safe.length() > MAX_NAME_CHARS) {
      int dot = safe.lastIndexOf('.');
      String extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
      safe = safe.substring(0, MAX_NAME_CHARS - extension.length()) + extension;
    }
    return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "photo" : safe;
  }

  /** The file name part of an original's key, e.g. {@code beach.jpg} of {@code FOLDER/beach.jpg}. */
  static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The key of a thumbnail: {@code ID/SIZE.EXT}, e.g. {@code ID/256.jpg}. */
  static String thumbnailKey(String id, int size, String extension) {
    return id + "/" + size + "." + extension.toLowerCase(Locale.ROOT);
  }

  /** The key of a filtered image: {@code ID/filters/NAME.jpg}. */
  static String filterKey(String id, String filter) {
    return id + "/filters/" + filter + ".jpg";
  }

  /** The prefix under which all of a photo's derived images are. */
  static String derivedPrefix(String id) {
    return id + "/";
  }
}
