package io.cumulo.api.search;

import java.util.List;
import java.util.Map;

/**
 * The app's full-text search indexes (Lucene in the embedded mode). An index is created on first
 * write; its name follows bucket-name rules (lowercase letters, digits, '-', 1..63). Documents are
 * text fields by name; every field is searchable, and a query matches documents containing all
 * its words (word prefixes count: {@code sun} finds {@code sunset}).
 *
 * <p>Limits: ids 1..512 characters; at most 32 fields of at most 32 KiB each; field names are
 * letters, digits and '_'.
 */
public interface SearchClient {

  /**
   * Adds a document or replaces the one with the same id. Durable when this returns.
   *
   * @throws IllegalArgumentException when the name, id or fields break the limits
   */
  void index(String index, String id, Map<String, String> fields);

  /** Removes a document; durable when this returns. Returns whether it was there. */
  boolean delete(String index, String id);

  /**
   * Finds documents matching the query, best first.
   *
   * @param query the user's words, as typed; quotes make a phrase, {@code -word} excludes. Syntax
   *     errors never fail: unmatched quotes and stray operators are read as words
   * @param limit the most hits returned, 1..1000
   * @return the hits, empty when the index does not exist or nothing matches
   */
  List<SearchHit> search(String index, String query, int limit);
}
