package demo.workflow;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The object a pipeline run is about: the workflow's Describe state passes {"bucket", "key"} on,
 * with the key URL-encoded as S3 events carry it.
 */
record Upload(String bucket, String key) {
  static Upload from(Map<String, Object> input) {
    return new Upload(String.valueOf(input.get("bucket")),
        URLDecoder.decode(String.valueOf(input.get("key")), StandardCharsets.UTF_8));
  }

  /** The row key in the uploads table. */
  String rowKey() {
    return bucket + "/" + key;
  }
}
