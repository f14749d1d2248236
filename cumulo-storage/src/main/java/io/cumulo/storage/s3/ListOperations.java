package io.cumulo.storage.s3;

import io.cumulo.core.storage.ListResult;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/** ListObjects (v1), ListObjectsV2 and ListObjectVersions (versioning off: every object is version "null"). */
final class ListOperations {
  /** S3's default and largest page. */
  static final int MAX_KEYS = 1000;
  static final String OWNER_ID = "cumulo";

  private final ObjectStore store;

  ListOperations(ObjectStore store) {
    this.store = store;
  }

  void listV1(S3Exchange x) {
    Page page = page(x, x.param("marker"));
    XmlWriter xml = XmlWriter.document("ListBucketResult")
        .element("Name", x.bucket())
        .element("Prefix", page.encode.apply(page.prefix))
        .element("Marker", page.encode.apply(nullToEmpty(x.param("marker"))))
        .element("MaxKeys", page.maxKeys)
        .element("Delimiter", page.delimiter == null ? null : page.encode.apply(page.delimiter))
        .element("IsTruncated", page.result.truncated());
    if (page.result.truncated() && page.delimiter != null) {
      xml.element("NextMarker", page.encode.apply(page.result.nextStartAfter()));
    }
    xml.element("EncodingType", page.encodingType);
    contents(xml, page, true);
    x.sendXml(200, xml.toBytes());
  }

  void listV2(S3Exchange x) {
    String token = x.param("continuation-token");
    String startAfter = x.param("start-after");
    String start = token != null ? decodeToken(token) : startAfter;
    Page page = page(x, start);
    XmlWriter xml = XmlWriter.document("ListBucketResult")
        .element("Name", x.bucket())
        .element("Prefix", page.encode.apply(page.prefix))
        .element("MaxKeys", page.maxKeys)
        .element("KeyCount", page.result.objects().size() + page.result.commonPrefixes().size())
        .element("Delimiter", page.delimiter == null ? null : page.encode.apply(page.delimiter))
        .element("IsTruncated", page.result.truncated())
        .element("ContinuationToken", token)
        .element("NextContinuationToken", page.result.truncated() ? encodeToken(page.result.nextStartAfter()) : null)
        .element("StartAfter", startAfter == null ? null : page.encode.apply(startAfter))
        .element("EncodingType", page.encodingType);
    contents(xml, page, "true".equals(x.param("fetch-owner")));
    x.sendXml(200, xml.toBytes());
  }

  void listVersions(S3Exchange x) {
    String keyMarker = x.param("key-marker");
    Page page = page(x, keyMarker == null || keyMarker.isEmpty() ? null : keyMarker);
    XmlWriter xml = XmlWriter.document("ListVersionsResult")
        .element("Name", x.bucket())
        .element("Prefix", page.encode.apply(page.prefix))
        .element("KeyMarker", page.encode.apply(nullToEmpty(keyMarker)))
        .element("VersionIdMarker", nullToEmpty(x.param("version-id-marker")))
        .element("MaxKeys", page.maxKeys)
        .element("Delimiter", page.delimiter == null ? null : page.encode.apply(page.delimiter))
        .element("IsTruncated", page.result.truncated());
    if (page.result.truncated()) {
      xml.element("NextKeyMarker", page.encode.apply(page.result.nextStartAfter())).element("NextVersionIdMarker", "null");
    }
    xml.element("EncodingType", page.encodingType);
    for (ObjectInfo object : page.result.objects()) {
      xml.start("Version")
          .element("Key", page.encode.apply(object.key()))
          .element("VersionId", "null")
          .element("IsLatest", true)
          .element("LastModified", object.lastModified())
          .element("ETag", object.etag())
          .element("Size", object.size())
          .element("StorageClass", "STANDARD");
      owner(xml);
      xml.end();
    }
    commonPrefixes(xml, page);
    x.sendXml(200, xml.toBytes());
  }

  private record Page(String prefix, String delimiter, int maxKeys, String encodingType,
      UnaryOperator<String> encode, ListResult result) {}

  private Page page(S3Exchange x, String startAfter) {
    String prefix = nullToEmpty(x.param("prefix"));
    String delimiter = x.param("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    int maxKeys = maxKeys(x.param("max-keys"));
    String encodingType = x.param("encoding-type");
    if (encodingType != null && !encodingType.equals("url")) {
      throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request: " + encodingType);
    }
    UnaryOperator<String> encode = encodingType == null ? UnaryOperator.identity() : S3Address::urlEncode;
    ListResult result = maxKeys == 0
        ? new ListResult(List.of(), List.of(), false, null)
        : store.list(x.bucket(), prefix, delimiter, startAfter, maxKeys);
    return new Page(prefix, delimiter, maxKeys, encodingType, encode, result);
  }

  private static void contents(XmlWriter xml, Page page, boolean withOwner) {
    for (ObjectInfo object : page.result.objects()) {
      xml.start("Contents")
          .element("Key", page.encode.apply(object.key()))
          .element("LastModified", object.lastModified())
          .element("ETag", object.etag())
          .element("Size", object.size())
          .element("StorageClass", "STANDARD");
      if (withOwner) {
        owner(xml);
      }
      xml.end();
    }
    commonPrefixes(xml, page);
  }

  private static void commonPrefixes(XmlWriter xml, Page page) {
    for (String prefix : page.result.commonPrefixes()) {
      xml.start("CommonPrefixes").element("Prefix", page.encode.apply(prefix)).end();
    }
  }

  static void owner(XmlWriter xml) {
    xml.start("Owner").element("ID", OWNER_ID).element("DisplayName", OWNER_ID).end();
  }

  static int maxKeys(String value) {
    if (value == null) {
      return MAX_KEYS;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.min(n, MAX_KEYS);
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("max-keys must be a non-negative integer, was " + value);
    }
  }

  /** Continuation tokens are opaque to clients; ours are the base64url of the key to list after. */
  static String encodeToken(String startAfter) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(startAfter.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidArgument("The continuation token provided is incorrect");
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
