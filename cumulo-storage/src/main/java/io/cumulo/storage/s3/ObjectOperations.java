package io.cumulo.storage.s3;

import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects and CopyObject. */
final class ObjectOperations {
  /** S3 deletes at most 1000 keys per DeleteObjects request. */
  static final int MAX_DELETE_KEYS = 1000;
  private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
      "response-content-type", "Content-Type",
      "response-content-language", "Content-Language",
      "response-expires", "Expires",
      "response-cache-control", "Cache-Control",
      "response-content-disposition", "Content-Disposition",
      "response-content-encoding", "Content-Encoding");

  private final ObjectStore store;
  private final ObjectEventSink events;
  private final S3ServerConfig config;
  private final WriteIntents intents;

  ObjectOperations(ObjectStore store, ObjectEventSink events, S3ServerConfig config, WriteIntents intents) {
    this.intents = intents;
    this.store = store;
    this.events = events;
    this.config = config;
  }

  void put(S3Exchange x) {
    long length = requiredLength(x, config.maxObjectBytes());
    PutOptions options = putOptions(x, true);
    ObjectInfo info;
    try (WriteIntents.Intent intent = intents.begin(x.bucket(), x.key())) {
      try (InputStream body = x.body()) {
        info = store.put(x.bucket(), x.key(), body, length, options);
      } catch (IOException e) {
        throw incompleteBody(e);
      }
      events.objectCreated(info, "ObjectCreated:Put", x.requestId());
    }
    x.setHeader("ETag", info.etag());
    ChecksumHeaders.write(x, info.checksums());
    x.sendEmpty(200);
  }

  void get(S3Exchange x) throws IOException {
    ObjectInfo info = store.head(x.bucket(), x.key()).orElseThrow(() -> StorageException.noSuchKey(x.key()));
    switch (Preconditions.of(x).evaluate(info.etag(), info.lastModified())) {
      case PRECONDITION_FAILED -> throw S3Errors.preconditionFailed();
      case NOT_MODIFIED -> {
        x.setHeader("ETag", info.etag());
        x.setHeader("Last-Modified", S3Exchange.httpDate(info.lastModified()));
        x.sendEmpty(304);
        return;
      }
      case PROCEED -> { }
    }
    ByteRange range = RangeHeader.resolve(x.header("Range"), info.size());
    if (x.isHead()) {
      objectHeaders(x, info, range);
      x.sendStream(range == null ? 200 : 206, range == null ? info.size() : range.length(), InputStream.nullInputStream());
      return;
    }
    try (ObjectContent content = store.get(x.bucket(), x.key(), range)) {
      objectHeaders(x, content.info(), content.range());
      x.sendStream(content.range() == null ? 200 : 206, content.length(), content.stream());
    }
  }

  private void objectHeaders(S3Exchange x, ObjectInfo info, ByteRange range) {
    x.setHeader("Content-Type", info.contentType());
    x.setHeader("ETag", info.etag());
    x.setHeader("Last-Modified", S3Exchange.httpDate(info.lastModified()));
    x.setHeader("Accept-Ranges", "bytes");
    info.userMetadata().forEach((name, value) -> x.setHeader("x-amz-meta-" + name, value));
    if (range != null) {
      x.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + info.size());
    }
    if ("ENABLED".equalsIgnoreCase(x.header("x-amz-checksum-mode")) && range == null) {
      ChecksumHeaders.write(x, info.checksums());
    }
    RESPONSE_OVERRIDES.forEach((param, header) -> x.setHeader(header, x.param(param)));
  }

  void delete(S3Exchange x) {
    if (store.delete(x.bucket(), x.key())) {
      events.objectRemoved(x.bucket(), x.key(), "ObjectRemoved:Delete", x.requestId());
    }
    x.sendEmpty(204);
  }

  void deleteObjects(S3Exchange x) {
    byte[] document = x.readSmallBody(config.maxXmlBodyBytes());
    ChecksumHeaders.verifySmallBody(x, document, true);
    DeleteRequest request = DeleteRequest.parse(document);
    XmlWriter xml = XmlWriter.document("DeleteResult");
    for (String key : request.keys()) {
      try {
        if (store.delete(x.bucket(), key)) {
          events.objectRemoved(x.bucket(), key, "ObjectRemoved:Delete", x.requestId());
        }
        if (!request.quiet()) {
          xml.start("Deleted").element("Key", key).end();
        }
      } catch (CumuloException e) {
        if (e instanceof StorageException se && se.code().equals("NoSuchBucket")) {
          throw se;
        }
        xml.start("Error").element("Key", key).element("Code", e.code()).element("Message", e.getMessage()).end();
      }
    }
    x.sendXml(200, xml.toBytes());
  }

  void copy(S3Exchange x) {
    CopySource source = CopySource.parse(x.header("x-amz-copy-source"));
    source.authorize(x);
    String directive = x.header("x-amz-metadata-directive");
    boolean replace;
    if (directive == null || directive.equals("COPY")) {
      replace = false;
    } else if (directive.equals("REPLACE")) {
      replace = true;
    } else {
      throw S3Errors.invalidArgument("Unknown metadata directive: " + directive);
    }
    ObjectInfo sourceInfo = source.checkConditions(x, store);
    if (!replace && source.bucket().equals(x.bucket()) && source.key().equals(x.key())) {
      throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself "
          + "without changing the object's metadata, storage class, website redirect location or encryption attributes.");
    }
    if (sourceInfo.size() > config.maxObjectBytes()) {
      throw S3Errors.invalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: "
          + config.maxObjectBytes());
    }
    ObjectInfo info;
    try (WriteIntents.Intent intent = intents.begin(x.bucket(), x.key())) {
      info = store.copy(source.bucket(), source.key(), x.bucket(), x.key(), replace ? putOptions(x, false) : null);
      events.objectCreated(info, "ObjectCreated:Copy", x.requestId());
    }
    x.sendXml(200, XmlWriter.document("CopyObjectResult")
        .element("LastModified", info.lastModified())
        .element("ETag", info.etag())
        .toBytes());
  }

  /**
   * The payload length a write needs, checked against the limit.
   *
   * @throws StorageException 411 without a length, {@code EntityTooLarge} above {@code max}
   */
  static long requiredLength(S3Exchange x, long max) {
    long length = x.payloadLength();
    if (length < 0) {
      throw S3Errors.missingContentLength();
    }
    if (length > max) {
      throw S3Errors.entityTooLarge(max);
    }
    return length;
  }

  /** Content type, user metadata, Content-MD5, checksums and If-None-Match from the request headers. */
  static PutOptions putOptions(S3Exchange x, boolean withBodyChecks) {
    String ifNoneMatch = x.header("If-None-Match");
    if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
      throw S3Errors.notImplemented("A header you provided implies functionality that is not implemented: If-None-Match other than *");
    }
    return new PutOptions(
        x.header("Content-Type"),
        x.headersWithPrefix("x-amz-meta-"),
        withBodyChecks ? x.header("Content-MD5") : null,
        withBodyChecks ? ChecksumHeaders.forWrite(x) : Map.of(),
        ifNoneMatch != null);
  }

  static StorageException incompleteBody(IOException e) {
    return new StorageException(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
  }
}
