package demo.photoflow;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The photo a pipeline run is about: the workflow's Describe state passes {"bucket", "key"} on,
 * with the key URL-encoded as S3 events carry it ("my photo.jpg" arrives as "my+photo.jpg").
 */
record Photo(String bucket, String key) {
  /** Where the derivatives go; the uploads bucket only ever holds originals. */
  static final String DERIVED_BUCKET = "photos-flow-derived";
  /** The table of pipeline results, one row per upload key. */
  static final String TABLE = "photos";

  static Photo from(Map<String, Object> input) {
    Object bucket = input.get("bucket");
    Object key = input.get("key");
    if (bucket == null || key == null) {
      throw new IllegalArgumentException("the input needs \"bucket\" and \"key\", got " + input.keySet());
    }
    return new Photo(bucket.toString(), URLDecoder.decode(key.toString(), StandardCharsets.UTF_8));
  }
}
