package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;
import io.cumulo.api.search.SearchHit;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/search?q=WORDS&limit=N}: finds photos by file name, tags and caption, and answers
 * {@code {"photos": [...]}} in the catalog's shape, best match first. A blank query finds nothing.
 */
public final class Search implements Handler<HttpRequest, HttpResponse> {
  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 100;
  private static final int MAX_QUERY_CHARS = 500;

  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    Map<String, String> query = request.queryStringParameters() == null ? Map.of() : request.queryStringParameters();
    String words = query.getOrDefault("q", "").strip();
    if (words.length() > MAX_QUERY_CHARS) {
      return Responses.badRequest("q has " + words.length() + " characters; the most is " + MAX_QUERY_CHARS);
    }
    int limit;
    try {
      limit = limit(query.get("limit"));
    } catch (IllegalArgumentException e) {
      return Responses.badRequest(e.getMessage());
    }
    if (words.isEmpty()) {
      return Responses.json(200, Map.of("photos", List.of()));
    }
    List<String> ids = ctx.search().search(Indexer.INDEX, words, limit).stream().map(SearchHit::id).toList();
    if (ids.isEmpty()) {
      return Responses.json(200, Map.of("photos", List.of()));
    }
    return Responses.json(200, new CatalogClient(ctx.services()).photosByIds(ids));
  }

  static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new IllegalArgumentException("limit must be a number 1.." + MAX_LIMIT + ", was '" + text + "'");
  }
}
