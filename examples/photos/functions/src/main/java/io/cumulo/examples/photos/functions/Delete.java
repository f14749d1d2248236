package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;
import io.cumulo.api.ObjectMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DELETE /api/photos/{id}}: removes the original, every derived image and then the catalog
 * row, whose removal takes the photo out of the search index (the {@code indexer} sees the
 * change). Objects go first so that a failure part-way leaves the row to retry the delete from.
 */
public final class Delete implements Handler<HttpRequest, HttpResponse> {
  private static final int LIST_PAGE = 1000;

  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    String id = request.pathParameters() == null ? null : request.pathParameters().get("id");
    if (id == null || !PhotoKeys.ID.matcher(id).matches()) {
      return Responses.notFound("no photo with id " + id);
    }
    CatalogClient catalog = new CatalogClient(ctx.services());
    Optional<Map<String, Object>> photo = catalog.get(id);
    if (photo.isEmpty()) {
      return Responses.notFound("no photo with id " + id);
    }
    ctx.objects().delete(PhotoKeys.UPLOADS, (String) photo.get().get("key"));
    int derived = deleteDerived(id, ctx);
    catalog.delete(id);
    // A filter that was running put its image after the sweep above, and recorded it before the
    // row went; without the row it can record nothing more, so a second sweep leaves no orphan.
    derived += deleteDerived(id, ctx);
    ctx.logger().info("deleted photo " + id + ": the original and " + derived + " derived images");
    return HttpResponse.status(204, Map.of());
  }

  /** Removes every derived image of the photo; returns how many there were. */
  static int deleteDerived(String id, Context ctx) {
    int derived = 0;
    List<ObjectMetadata> page;
    do {
      page = ctx.objects().list(PhotoKeys.DERIVED, PhotoKeys.derivedPrefix(id), LIST_PAGE);
      for (ObjectMetadata object : page) {
        ctx.objects().delete(PhotoKeys.DERIVED, object.key());
        derived++;
      }
    } while (page.size() == LIST_PAGE);
    return derived;
  }
}
