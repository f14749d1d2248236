package io.cumulo.core.search;

import io.cumulo.api.search.SearchHit;
import java.util.List;
import java.util.Map;

/**
 * Full-text indexes, one namespace per app: the platform side of {@code ctx.search()}. Embedded:
 * Lucene in the data directory; distributed: PostgreSQL full-text search. Implementations check
 * names, ids and fields against the limits documented on {@link io.cumulo.api.search.SearchClient}
 * and throw {@link IllegalArgumentException} naming what is wrong; writes are durable when they
 * return. Thread-safe.
 */
public interface SearchIndex extends AutoCloseable {

  /** Adds or replaces a document of an app's index, creating the index on first use. */
  void upsert(String app, String index, String id, Map<String, String> fields);

  /** Removes a document; returns whether it was there. */
  boolean delete(String app, String index, String id);

  /** The documents matching a user's query, best first; empty when the index does not exist. */
  List<SearchHit> search(String app, String index, String query, int limit);

  /** Removes every index of an app (when the app is deleted for good). */
  void dropApp(String app);

  @Override
  void close();
}
