package io.cumulo.examples.photos.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a photo's files live and how its id relates to them. An upload through the API is stored
 * at {@code ID/FILE-NAME} in the uploads bucket, with a fresh random id; any other key (an S3 PUT
 * by the SDK or the aws CLI) gets an id derived from the key's hash, so the same key always maps
 * to the same photo. Derived images go to {@code ID/SIZE.jpg}, {@code ID/SIZE.webp} and
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

  /** Ids are 16 URL-safe characters: 96 random (or hashed) bits. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final int ID_BYTES = 12;
  private static final int MAX_NAME_CHARS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private PhotoKeys() {}

  /** A new random id. */
  static String newId() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** The photo id of an original's key: its first segment when that is an id, else a hash of the key. */
  static String idOf(String key) {
    int slash = key.indexOf('/');
    if (slash > 0 && ID.matcher(key.substring(0, slash)).matches() && slash < key.length() - 1) {
      return key.substring(0, slash);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(java.util.Arrays.copyOf(hash, ID_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key an API upload is stored under: {@code ID/SAFE-NAME}. */
  static String uploadKey(String id, String fileName) {
    return id + "/" + safeName(fileName);
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

  /** The file name part of an original's key, e.g. {@code beach.jpg} of {@code ID/beach.jpg}. */
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
