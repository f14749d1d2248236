package forms;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;
import io.cumulo.api.tables.TablePage;
import io.cumulo.api.tables.TableRow;
import java.util.Map;

/**
 * {@code GET /api/submissions?limit=&after=}: a page of stored submissions in key (id) order, which
 * is the table's own order; ids are random UUIDs, so this is not time order.
 *
 * <p>Answers {@code {"submissions": [...], "next": id}}; pass {@code next} as {@code after} for
 * the following page; {@code next} is null on the last page. The route needs an API key.
 */
public final class ListSubmissions implements Handler<HttpRequest, HttpResponse> {
  /** Page size when {@code limit} is not given. */
  static final int DEFAULT_LIMIT = 20;
  /** The largest {@code limit}. */
  static final int MAX_LIMIT = 100;

  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    Map<String, String> query = request.queryStringParameters() == null ? Map.of() : request.queryStringParameters();
    Integer limit = limit(query.get("limit"));
    if (limit == null) {
      return Problems.of(400, "Bad limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    String after = query.get("after");
    if (after != null && (after.isEmpty() || after.length() > 512)) {
      return Problems.of(400, "Bad after", "after must be a submission id from a previous page's next.");
    }
    TablePage page = ctx.tables().list(Submit.TABLE, after, limit);
    return HttpResponse.json(200, Json.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("submissions");
      for (TableRow row : page.rows()) {
        // Rows are the submissions' JSON exactly as Submit stored them.
        json.writeRawValue(row.json());
      }
      json.writeEndArray();
      json.writeStringField("next", page.nextKey());
      json.writeEndObject();
    }));
  }

  /** The requested page size, the default when absent, or null when it is not 1..MAX_LIMIT. */
  private static Integer limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
