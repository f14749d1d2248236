package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/uploads}: checks what the client means to upload and answers
 * {@code {id, key, uploadUrl, method, headers, expiresInSeconds}}, a presigned PUT straight into
 * the uploads bucket. The photo enters the catalog when the upload lands (the storage event).
 */
public final class Uploads implements Handler<HttpRequest, HttpResponse> {
  /** How long the upload URL works. */
  static final Duration UPLOAD_URL_EXPIRY = Duration.ofMinutes(15);

  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    UploadRequest upload;
    try {
      upload = UploadRequest.parse(new String(request.bodyBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Responses.badRequest(e.getMessage());
    }
    String key = PhotoKeys.uploadKey(PhotoKeys.newFolder(), upload.fileName());
    String id = PhotoKeys.idOf(key);
    URI url = ctx.objects().presignPut(PhotoKeys.UPLOADS, key, UPLOAD_URL_EXPIRY, upload.contentType());
    ctx.logger().info("upload " + id + " of " + upload.size() + " bytes to " + key);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id);
    answer.put("key", key);
    answer.put("uploadUrl", url.toString());
    answer.put("method", "PUT");
    answer.put("headers", Map.of("Content-Type", upload.contentType()));
    answer.put("expiresInSeconds", UPLOAD_URL_EXPIRY.toSeconds());
    return Responses.json(201, answer);
  }
}
