package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpResponse;
import io.cumulo.api.ObjectMetadata;
import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies preset filters ({@link Images#FILTERS}) to a photo's largest thumbnail and stores the
 * result as {@code ID/filters/NAME.jpg} in the derived bucket, then tells the catalog. Invoked two
 * ways: asynchronously by {@code thumbnail} with {@code {"id": ..., "filters": [...]}} for the
 * automatic filters, and on request through {@code POST /api/photos/{id}/filters/{name}}, which
 * answers the updated photo.
 */
public final class Filter implements Handler<Map<String, Object>, HttpResponse> {
  private static final Pattern THUMBNAIL = Pattern.compile("[A-Za-z0-9_-]+/(\\d+)\\.jpg");

  @Override
  public HttpResponse handle(Map<String, Object> input, Context ctx) {
    if (input.containsKey("httpMethod")) {
      return onRequest(input, ctx);
    }
    if (!(input.get("id") instanceof String id) || !(input.get("filters") instanceof List<?> filters)) {
      throw new IllegalArgumentException("expected {\"id\": PHOTO-ID, \"filters\": [NAME, ...]}");
    }
    for (Object filter : filters) {
      if (!Images.FILTERS.contains(filter)) {
        throw new IllegalArgumentException("'" + filter + "' is not a preset; known: " + Images.FILTERS);
      }
      try {
        if (apply(id, (String) filter, ctx).isEmpty()) {
          ctx.logger().info("photo " + id + " has no thumbnail any more; skipping its filters");
          return null;
        }
      } catch (ImageException e) {
        ctx.logger().warn("filter " + filter + " of photo " + id + " failed: " + e.getMessage());
      }
    }
    return null;
  }

  private HttpResponse onRequest(Map<String, Object> request, Context ctx) {
    Map<?, ?> parameters = request.get("pathParameters") instanceof Map<?, ?> map ? map : Map.of();
    String id = String.valueOf(parameters.get("id"));
    String filter = String.valueOf(parameters.get("name"));
    if (!PhotoKeys.ID.matcher(id).matches()) {
      return Responses.notFound("no photo with id " + id);
    }
    if (!Images.FILTERS.contains(filter)) {
      return Responses.badRequest("'" + filter + "' is not a filter; choose one of " + String.join(", ", Images.FILTERS));
    }
    Optional<Map<String, Object>> photo;
    try {
      photo = apply(id, filter, ctx);
    } catch (ImageException e) {
      return Responses.problem(422, "Unprocessable Content", "the filter could not be applied: " + e.getMessage());
    }
    if (photo.isPresent()) {
      return Responses.json(200, photo.get());
    }
    return new CatalogClient(ctx.services()).get(id)
        .map(p -> Responses.problem(409, "Conflict", "photo " + id + " is " + p.get("status")
            + "; filters can be applied once it is ready"))
        .orElseGet(() -> Responses.notFound("no photo with id " + id));
  }

  /**
   * Renders one filter from the photo's largest JPEG thumbnail and records it.
   *
   * @return the updated photo; empty when the photo has no thumbnail (not ready, or deleted)
   */
  private static Optional<Map<String, Object>> apply(String id, String filter, Context ctx) {
    Optional<Source> source = largestThumbnail(id, ctx);
    if (source.isEmpty()) {
      return Optional.empty();
    }
    byte[] image = ctx.objects().get(PhotoKeys.DERIVED, source.get().key());
    RenderedImage output = ctx.images().render(image,
        List.of(ImageVariant.filtered(filter, source.get().size(), ImageFormat.JPEG, filter))).getFirst();
    ctx.objects().put(PhotoKeys.DERIVED, PhotoKeys.filterKey(id, filter), output.data(), output.format().contentType());
    Optional<Map<String, Object>> photo = new CatalogClient(ctx.services()).addFilter(id, filter);
    if (photo.isEmpty()) {
      // Deleted while this ran: the delete may have swept the photo's images before this put.
      ctx.objects().delete(PhotoKeys.DERIVED, PhotoKeys.filterKey(id, filter));
    }
    return photo;
  }

  private record Source(String key, int size) {}

  private static Optional<Source> largestThumbnail(String id, Context ctx) {
    Source largest = null;
    for (ObjectMetadata object : ctx.objects().list(PhotoKeys.DERIVED, PhotoKeys.derivedPrefix(id), 1000)) {
      Matcher m = THUMBNAIL.matcher(object.key());
      if (m.matches() && m.group(1).length() <= 5) {
        int size = Integer.parseInt(m.group(1));
        if (size >= 1 && size <= ImageVariant.MAX_SIZE && (largest == null || size > largest.size())) {
          largest = new Source(object.key(), size);
        }
      }
    }
    return Optional.ofNullable(largest);
  }
}
