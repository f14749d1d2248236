package io.cumulo.examples.photos.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's edit of a photo ({@code PATCH /api/photos/{id}}): new tags, a new caption, or both.
 * Absent fields stay as they are; a null caption removes it.
 */
final class PhotoPatch {
  static final int MAX_TAGS = 20;
  static final int MAX_TAG_CHARS = 40;
  static final int MAX_CAPTION_CHARS = 500;
  private static final Set<String> FIELDS = Set.of("tags", "caption");

  private final List<String> tags;
  private final boolean captionGiven;
  private final String caption;

  private PhotoPatch(List<String> tags, boolean captionGiven, String caption) {
    this.tags = tags;
    this.captionGiven = captionGiven;
    this.caption = caption;
  }

  /**
   * Reads and checks a patch body.
   *
   * @throws CatalogException 400 naming the field that is wrong and what is allowed
   */
  static PhotoPatch parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw CatalogException.badRequest("expected a JSON object with tags and/or caption");
    }
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw CatalogException.badRequest("unknown field '" + name + "'; a photo's editable fields are tags and caption");
      }
    }
    if (!body.has("tags") && !body.has("caption")) {
      throw CatalogException.badRequest("nothing to change; send tags and/or caption");
    }
    return new PhotoPatch(body.has("tags") ? tags(body.get("tags")) : null, body.has("caption"),
        caption(body.get("caption")));
  }

  private static List<String> tags(JsonNode node) {
    if (!node.isArray()) {
      throw CatalogException.badRequest("tags must be a list of text, e.g. [\"beach\", \"2024\"]");
    }
    if (node.size() > MAX_TAGS) {
      throw CatalogException.badRequest("tags has " + node.size() + " entries; the most allowed is " + MAX_TAGS);
    }
    Set<String> tags = new LinkedHashSet<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw CatalogException.badRequest("tags must be text; found " + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
      String tag = item.asText().strip();
      if (tag.isEmpty() || tag.length() > MAX_TAG_CHARS) {
        throw CatalogException.badRequest("each tag must have 1.." + MAX_TAG_CHARS + " characters; '"
            + abbreviate(tag) + "' has " + tag.length());
      }
      if (tag.chars().anyMatch(Character::isISOControl)) {
        throw CatalogException.badRequest("tags may not contain control characters");
      }
      tags.add(tag);
    }
    return new ArrayList<>(tags);
  }

  private static String caption(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw CatalogException.badRequest("caption must be text or null");
    }
    String caption = node.asText().strip();
    if (caption.length() > MAX_CAPTION_CHARS) {
      throw CatalogException.badRequest("caption has " + caption.length() + " characters; the most allowed is "
          + MAX_CAPTION_CHARS);
    }
    return caption.isEmpty() ? null : caption;
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_TAG_CHARS ? text : text.substring(0, MAX_TAG_CHARS) + "...";
  }

  Photo applyTo(Photo photo) {
    return photo.withTagsAndCaption(tags != null ? tags : photo.tags(), captionGiven ? caption : photo.caption());
  }
}
