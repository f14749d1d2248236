package io.cumulo.api.search;

import java.util.Map;

/**
 * One document found by {@link SearchClient#search}.
 *
 * @param id the document's id
 * @param score its relevance; higher is better, comparable only within one result list
 * @param fields the fields it was indexed with
 */
public record SearchHit(String id, double score, Map<String, String> fields) {
  public SearchHit {
    fields = Map.copyOf(fields);
  }
}
