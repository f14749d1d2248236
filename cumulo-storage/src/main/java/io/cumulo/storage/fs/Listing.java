package io.cumulo.storage.fs;

import io.cumulo.core.storage.ListResult;
import io.cumulo.core.storage.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** S3's listing over a bucket's sorted index: prefix, delimiter grouping, start-after, page size. */
final class Listing {
  private Listing() {}

  static ListResult page(NavigableMap<String, ObjectInfo> index, String prefix, String delimiter, String startAfter, int maxKeys) {
    boolean grouping = delimiter != null && !delimiter.isEmpty();
    List<ObjectInfo> objects = new ArrayList<>();
    List<String> commonPrefixes = new ArrayList<>();
    String last = null;
    Map.Entry<String, ObjectInfo> entry = startAfter != null && Utf8Order.INSTANCE.compare(startAfter, prefix) >= 0
        ? index.higherEntry(startAfter)
        : index.ceilingEntry(prefix);
    while (entry != null && entry.getKey().startsWith(prefix)) {
      String key = entry.getKey();
      String group = null;
      if (grouping) {
        int at = key.indexOf(delimiter, prefix.length());
        group = at < 0 ? null : key.substring(0, at + delimiter.length());
      }
      // A group at or before startAfter was listed on an earlier page (startAfter lies inside it).
      boolean listedBefore = group != null
          && (group.equals(last) || startAfter != null && Utf8Order.INSTANCE.compare(group, startAfter) <= 0);
      if (!listedBefore) {
        if (objects.size() + commonPrefixes.size() == maxKeys) {
          return new ListResult(objects, commonPrefixes, true, last);
        }
        if (group == null) {
          objects.add(entry.getValue());
          last = key;
        } else {
          commonPrefixes.add(group);
          last = group;
        }
      }
      entry = group == null ? index.higherEntry(key) : index.higherEntry(afterGroup(key, group));
    }
    return new ListResult(objects, commonPrefixes, false, null);
  }

  /** Jumps over a group's keys at once; a key starting with group + U+10FFFF is met again and skipped then. */
  private static String afterGroup(String key, String group) {
    String jump = group + Utf8Order.MAX_CODE_POINT;
    return Utf8Order.INSTANCE.compare(jump, key) > 0 ? jump : key;
  }
}
