package io.cumulo.examples.photos.catalog;

import java.util.List;

/**
 * What the pipeline reports about a photo's processing ({@code PUT /internal/photos/{id}}): the
 * whole processing state, replacing the previous one; tags, caption and filters are the user's
 * and stay.
 *
 * @param key the original's key in the uploads bucket, required
 * @param status {@code processing}, {@code ready} or {@code failed}, required
 * @param error why it failed, or null
 * @param width pixels, or null
 * @param height pixels, or null
 * @param bytes the original's size, or null
 * @param contentType the original's format, or null
 * @param takenAt ISO-8601, or null
 * @param thumbnails the sizes written, or null for none
 */
record StatusUpdate(String key, String status, String error, Integer width, Integer height,
    Long bytes, String contentType, String takenAt, List<Integer> thumbnails) {

  private static final int MAX_TEXT = 2_000;

  /** @throws CatalogException 400 when a field is missing or out of range */
  void check() {
    if (key == null || key.isBlank() || key.length() > 1024) {
      throw CatalogException.badRequest("key is required: the original's key, 1..1024 characters");
    }
    if (status == null || !Photo.STATUSES.contains(status)) {
      throw CatalogException.badRequest("status must be one of " + Photo.STATUSES + ", was " + status);
    }
    if (error != null && error.length() > MAX_TEXT) {
      throw CatalogException.badRequest("error is longer than " + MAX_TEXT + " characters");
    }
    if (width != null && width < 1 || height != null && height < 1 || bytes != null && bytes < 0) {
      throw CatalogException.badRequest("width and height must be positive and bytes not negative");
    }
    if (thumbnails != null && (thumbnails.size() > 16 || thumbnails.stream().anyMatch(s -> s == null || s < 1))) {
      throw CatalogException.badRequest("thumbnails must list at most 16 positive sizes");
    }
  }

  /** The photo after this update: a new one, or {@code old} with its processing state replaced. */
  Photo apply(String id, Photo old, long nowMillis) {
    List<Integer> sizes = thumbnails == null ? List.of() : thumbnails.stream().distinct().sorted().toList();
    return new Photo(id, key, status, status.equals(Photo.FAILED) ? error : null, width, height,
        bytes, contentType, takenAt, old == null ? List.of() : old.tags(),
        old == null ? null : old.caption(), sizes, old == null ? List.of() : old.filters(),
        old == null ? nowMillis : old.createdMillis());
  }
}
