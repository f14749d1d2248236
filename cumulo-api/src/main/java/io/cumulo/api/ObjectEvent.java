package io.cumulo.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The input of a function triggered by a bucket: an S3 event notification, in the JSON shape S3
 * sends to Lambda ({@code {"Records":[{"eventName":"ObjectCreated:Put","s3":{...}}]}}), so
 * handlers written for S3 events port unchanged. Cumulo sends one record per event.
 *
 * @param records the events; the JSON name is {@code Records}
 */
public record ObjectEvent(List<Record> records) {

  /**
   * One event.
   *
   * @param eventVersion {@code 2.1}
   * @param eventSource {@code aws:s3}
   * @param awsRegion {@code us-east-1}
   * @param eventTime ISO-8601, e.g. {@code 2026-11-22T10:15:00.123Z}
   * @param eventName e.g. {@code ObjectCreated:Put}, {@code ObjectRemoved:Delete}
   * @param s3 the bucket and object
   */
  public record Record(String eventVersion, String eventSource, String awsRegion, String eventTime,
      String eventName, S3 s3) {}

  /** The bucket and object of an event. */
  public record S3(String s3SchemaVersion, String configurationId, Bucket bucket, S3Object object) {}

  /** The bucket: its name and ARN ({@code arn:aws:s3:::name}). */
  public record Bucket(String name, String arn) {}

  /**
   * The object.
   *
   * @param key the key, URL-encoded as S3 sends it (spaces as {@code +}); see {@link #decodedKey()}
   * @param size bytes (0 for removals)
   * @param eTag the ETag without quotes (absent for removals)
   * @param sequencer orders events of the same key: compare as hex strings of equal length
   */
  public record S3Object(String key, long size, String eTag, String sequencer) {
    /** The key as stored, e.g. {@code my photo.jpg} for {@code my+photo.jpg}. */
    public String decodedKey() {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    }
  }
}
