package io.cumulo.examples.photos.catalog;

import java.util.List;

/**
 * One photo as the catalog stores it.
 *
 * @param id the photo's id, URL-safe
 * @param key the original's key in the uploads bucket
 * @param status {@code processing}, {@code ready} or {@code failed}
 * @param error why processing failed, readable; null unless failed
 * @param width the width in pixels as displayed, or null before it is known
 * @param height the height in pixels as displayed, or null
 * @param bytes the original's size in bytes, or null
 * @param contentType the original's format, e.g. {@code image/jpeg}, or null
 * @param takenAt when it was taken (ISO-8601), or null
 * @param tags the user's tags, in the order given
 * @param caption the user's caption, or null
 * @param sizes the thumbnail sizes written, in pixels, ascending
 * @param filters the filtered versions written, by preset name, in the order made
 * @param createdMillis when the catalog first saw the photo, epoch milliseconds
 */
record Photo(String id, String key, String status, String error, Integer width, Integer height,
    Long bytes, String contentType, String takenAt, List<String> tags, String caption,
    List<Integer> sizes, List<String> filters, long createdMillis) {

  static final String PROCESSING = "processing";
  static final String READY = "ready";
  static final String FAILED = "failed";
  static final List<String> STATUSES = List.of(PROCESSING, READY, FAILED);

  Photo {
    tags = List.copyOf(tags);
    sizes = List.copyOf(sizes);
    filters = List.copyOf(filters);
  }

  Photo withTagsAndCaption(List<String> newTags, String newCaption) {
    return new Photo(id, key, status, error, width, height, bytes, contentType, takenAt, newTags,
        newCaption, sizes, filters, createdMillis);
  }

  Photo withFilter(String filter) {
    if (filters.contains(filter)) {
      return this;
    }
    var more = new java.util.ArrayList<>(filters);
    more.add(filter);
    return new Photo(id, key, status, error, width, height, bytes, contentType, takenAt, tags,
        caption, sizes, more, createdMillis);
  }
}
