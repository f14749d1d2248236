package io.cumulo.core.runtime;

import io.cumulo.api.search.SearchClient;
import io.cumulo.api.search.SearchHit;
import io.cumulo.core.search.SearchIndex;
import java.util.List;
import java.util.Map;

/** {@link SearchClient} of one function: the search indexes, limited to the function's app. */
record FunctionSearch(String app, SearchIndex index) implements SearchClient {

  @Override
  public void index(String name, String id, Map<String, String> fields) {
    index.upsert(app, name, id, fields);
  }

  @Override
  public boolean delete(String name, String id) {
    return index.delete(app, name, id);
  }

  @Override
  public List<SearchHit> search(String name, String query, int limit) {
    return index.search(app, name, query, limit);
  }
}
