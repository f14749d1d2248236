package io.cumulo.examples.photos.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The photo's public JSON, the one shape every API answer and table change uses:
 * {@code {id, key, status, error, width, height, bytes, contentType, takenAt, tags, caption,
 * thumbnails: {"256": url, ...}, filters: {name: url}}}. URLs point at the app's media route.
 */
final class PhotoJson {
  private final ObjectMapper json;
  private final String mediaBase;

  /** @param mediaBase where the derived images are served, e.g. {@code /apps/photos/media} */
  PhotoJson(ObjectMapper json, String mediaBase) {
    this.json = json;
    this.mediaBase = mediaBase.endsWith("/") ? mediaBase.substring(0, mediaBase.length() - 1) : mediaBase;
  }

  ObjectNode toJson(Photo photo) {
    ObjectNode node = json.createObjectNode();
    node.put("id", photo.id());
    node.put("key", photo.key());
    node.put("status", photo.status());
    node.put("error", photo.error());
    node.put("width", photo.width());
    node.put("height", photo.height());
    node.put("bytes", photo.bytes());
    node.put("contentType", photo.contentType());
    node.put("takenAt", photo.takenAt());
    photo.tags().forEach(node.putArray("tags")::add);
    node.put("caption", photo.caption());
    ObjectNode thumbnails = node.putObject("thumbnails");
    for (int size : photo.sizes()) {
      thumbnails.put(Integer.toString(size), mediaBase + "/" + photo.id() + "/" + size + ".jpg");
    }
    ObjectNode filters = node.putObject("filters");
    for (String filter : photo.filters()) {
      filters.put(filter, mediaBase + "/" + photo.id() + "/filters/" + filter + ".jpg");
    }
    return node;
  }

  String text(Photo photo) {
    return toJson(photo).toString();
  }
}
