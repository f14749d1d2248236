package demo.workflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ObjectMetadata;
import java.util.Map;

/**
 * Returns {"size", "contentType"} of the uploaded object. An empty upload fails with {@link
 * EmptyUpload}, which no Retry matches: the workflow's Catch records the upload as failed.
 */
public final class Measure implements Handler<Map<String, Object>, Map<String, Object>> {
  /** The object has no bytes; retrying will not help. */
  public static final class EmptyUpload extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmptyUpload(String message) {
      super(message);
    }
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Upload upload = Upload.from(input);
    ObjectMetadata object = ctx.objects().head(upload.bucket(), upload.key())
        .orElseThrow(() -> new IllegalStateException(upload.rowKey() + " is gone"));
    if (object.size() == 0) {
      throw new EmptyUpload(upload.rowKey() + " is empty");
    }
    String type = object.contentType() == null ? "application/octet-stream" : object.contentType();
    return Map.of("size", object.size(), "contentType", type);
  }
}
