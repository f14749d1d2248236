package io.cumulo.search;

import java.util.Map;

/** A change to one search index, as applied to Lucene and recorded in its {@link WriteLog}. */
sealed interface IndexWrite {

  /** The id of the document it changes. */
  String id();

  /** Adds the document or replaces the one with the same id. */
  record Upsert(String id, Map<String, String> fields) implements IndexWrite {}

  /** Removes the document if it is there. */
  record Delete(String id) implements IndexWrite {}
}
