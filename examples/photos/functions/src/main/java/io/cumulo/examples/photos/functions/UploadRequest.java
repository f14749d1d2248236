package io.cumulo.examples.photos.functions;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client wants to upload ({@code POST /api/uploads}): {@code {fileName, contentType, size}}.
 *
 * @param fileName the file's name, 1..255 characters
 * @param contentType an {@code image/*} type
 * @param size the file's size in bytes, 1..100 MiB
 */
record UploadRequest(String fileName, String contentType, long size) {
  private static final Pattern IMAGE_TYPE = Pattern.compile("image/[a-z0-9][a-z0-9.+-]{0,60}");
  private static final Set<String> FIELDS = Set.of("fileName", "contentType", "size");

  /**
   * Reads and checks a request body.
   *
   * @throws IllegalArgumentException saying which field is wrong and what is allowed
   */
  static UploadRequest parse(String body) {
    Map<String, Object> json;
    try {
      json = Json.parseObject(body == null ? "" : body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("send a JSON object {fileName, contentType, size}; " + e.getMessage());
    }
    for (String field : json.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "'; expected fileName, contentType and size");
      }
    }
    if (!(json.get("fileName") instanceof String fileName) || fileName.isBlank() || fileName.length() > 255) {
      throw new IllegalArgumentException("fileName must be the file's name, 1..255 characters");
    }
    if (!(json.get("contentType") instanceof String type)
        || !IMAGE_TYPE.matcher(type.toLowerCase(java.util.Locale.ROOT)).matches()) {
      throw new IllegalArgumentException("contentType must be an image type such as image/jpeg; was "
          + Json.write(json.get("contentType")));
    }
    if (!(json.get("size") instanceof Long size) || size < 1) {
      throw new IllegalArgumentException("size must be the file's size in bytes, a whole number above 0");
    }
    if (size > PhotoKeys.MAX_UPLOAD_BYTES) {
      throw new IllegalArgumentException("the file has " + size + " bytes; the most allowed is "
          + PhotoKeys.MAX_UPLOAD_BYTES + " (100 MiB)");
    }
    return new UploadRequest(fileName, type.toLowerCase(java.util.Locale.ROOT), size);
  }
}
