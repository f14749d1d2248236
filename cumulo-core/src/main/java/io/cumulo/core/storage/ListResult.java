package io.cumulo.core.storage;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param objects the keys of this page, in order
 * @param commonPrefixes prefixes grouped by the delimiter, in order
 * @param truncated whether more keys follow
 * @param nextStartAfter when truncated, the last key or common prefix of this page: pass it as
 *     {@code startAfter} to get the next page
 */
public record ListResult(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated, String nextStartAfter) {
  public ListResult {
    objects = List.copyOf(objects);
    commonPrefixes = List.copyOf(commonPrefixes);
  }
}
