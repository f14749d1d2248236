package io.cumulo.storage.s3;

import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.CompletedPart;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.PartInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.UploadInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts and
 * ListMultipartUploads.
 */
final class MultipartOperations {
  /** S3 numbers parts 1..10000. */
  static final int MAX_PART_NUMBER = 10_000;

  private final ObjectStore store;
  private final WriteIntents intents;
  private final ObjectEventSink events;
  private final S3ServerConfig config;
  private final Supplier<URI> baseUri;

  MultipartOperations(ObjectStore store, ObjectEventSink events, S3ServerConfig config, Supplier<URI> baseUri,
      WriteIntents intents) {
    this.intents = intents;
    this.store = store;
    this.events = events;
    this.config = config;
    this.baseUri = baseUri;
  }

  void create(S3Exchange x) {
    PutOptions options = ObjectOperations.putOptions(x, false);
    String uploadId = store.createMultipartUpload(x.bucket(), x.key(), options);
    String algorithm = x.header("x-amz-checksum-algorithm");
    if (algorithm != null) {
      x.setHeader("x-amz-checksum-algorithm", algorithm);
    }
    x.sendXml(200, XmlWriter.document("InitiateMultipartUploadResult")
        .element("Bucket", x.bucket())
        .element("Key", x.key())
        .element("UploadId", uploadId)
        .toBytes());
  }

  void uploadPart(S3Exchange x) {
    int partNumber = partNumber(x.param("partNumber"));
    String uploadId = x.param("uploadId");
    if (x.header("x-amz-copy-source") != null) {
      uploadPartCopy(x, uploadId, partNumber);
      return;
    }
    long length = ObjectOperations.requiredLength(x, config.maxObjectBytes());
    PutOptions checks = new PutOptions(null, Map.of(), x.header("Content-MD5"), ChecksumHeaders.forWrite(x), false);
    PartInfo part;
    try (InputStream body = x.body()) {
      part = store.uploadPart(x.bucket(), x.key(), uploadId, partNumber, body, length, checks);
    } catch (IOException e) {
      throw ObjectOperations.incompleteBody(e);
    }
    x.setHeader("ETag", part.etag());
    ChecksumHeaders.write(x, part.checksums());
    x.sendEmpty(200);
  }

  private void uploadPartCopy(S3Exchange x, String uploadId, int partNumber) {
    CopySource source = CopySource.parse(x.header("x-amz-copy-source"));
    source.authorize(x);
    ObjectInfo sourceInfo = source.checkConditions(x, store);
    ByteRange range = copyRange(x.header("x-amz-copy-source-range"), sourceInfo.size());
    long length = range == null ? sourceInfo.size() : range.length();
    if (length > config.maxObjectBytes()) {
      throw S3Errors.entityTooLarge(config.maxObjectBytes());
    }
    PartInfo part;
    try (ObjectContent content = store.get(source.bucket(), source.key(), range)) {
      part = store.uploadPart(x.bucket(), x.key(), uploadId, partNumber, content.stream(), content.length(), PutOptions.none());
    } catch (IOException e) {
      throw ObjectOperations.incompleteBody(e);
    }
    x.sendXml(200, XmlWriter.document("CopyPartResult")
        .element("LastModified", part.lastModified())
        .element("ETag", part.etag())
        .toBytes());
  }

  /** {@code x-amz-copy-source-range: bytes=first-last}, both required and inside the source. */
  static ByteRange copyRange(String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    int dash = value.indexOf('-');
    if (!value.startsWith("bytes=") || dash < 0) {
      throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last");
    }
    try {
      long first = Long.parseLong(value.substring(6, dash));
      long last = Long.parseLong(value.substring(dash + 1));
      if (first < 0 || last < first) {
        throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last");
      }
      if (last >= size) {
        throw S3Errors.invalidRange(size);
      }
      return new ByteRange(first, last);
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last");
    }
  }

  void complete(S3Exchange x) {
    List<CompletedPart> parts = completedParts(x.readSmallBody(config.maxXmlBodyBytes()));
    ObjectInfo info;
    try (WriteIntents.Intent intent = intents.begin(x.bucket(), x.key())) {
      info = store.completeMultipartUpload(x.bucket(), x.key(), x.param("uploadId"), parts);
      events.objectCreated(info, "ObjectCreated:CompleteMultipartUpload", x.requestId());
    }
    String location = baseUri.get() + "/" + S3Address.urlEncode(x.bucket()) + "/" + S3Address.urlEncode(x.key());
    XmlWriter xml = XmlWriter.document("CompleteMultipartUploadResult")
        .element("Location", location)
        .element("Bucket", x.bucket())
        .element("Key", x.key())
        .element("ETag", info.etag());
    info.checksums().forEach((algorithm, value) -> xml.element(ChecksumHeaders.elementName(algorithm), value));
    x.sendXml(200, xml.toBytes());
  }

  /**
   * The parts listed in a {@code CompleteMultipartUpload} document, in document order (the store
   * checks their order and numbers against the upload).
   *
   * @throws io.cumulo.core.storage.StorageException {@code MalformedXML} when the document is not one
   */
  static List<CompletedPart> completedParts(byte[] document) {
    XmlElement root = XmlElement.parse(document).expect("CompleteMultipartUpload");
    List<XmlElement> partElements = root.all("Part");
    if (partElements.isEmpty() || partElements.size() > MAX_PART_NUMBER) {
      throw S3Errors.malformedXml("a CompleteMultipartUpload lists 1.." + MAX_PART_NUMBER + " parts");
    }
    List<CompletedPart> parts = new ArrayList<>();
    for (XmlElement part : partElements) {
      String number = part.childText("PartNumber");
      String etag = part.childText("ETag");
      if (number == null || etag == null) {
        throw S3Errors.malformedXml("every Part needs a PartNumber and an ETag");
      }
      int n;
      try {
        n = Integer.parseInt(number.trim());
      } catch (NumberFormatException e) {
        throw S3Errors.malformedXml("PartNumber must be an integer, was " + number);
      }
      String trimmed = etag.trim();
      parts.add(new CompletedPart(n, trimmed.startsWith("\"") ? trimmed : "\"" + trimmed + "\""));
    }
    return parts;
  }

  void abort(S3Exchange x) {
    store.abortMultipartUpload(x.bucket(), x.key(), x.param("uploadId"));
    x.sendEmpty(204);
  }

  void listParts(S3Exchange x) {
    int marker = x.param("part-number-marker") == null ? 0 : nonNegative("part-number-marker", x.param("part-number-marker"));
    int maxParts = x.param("max-parts") == null ? 1000 : Math.min(1000, nonNegative("max-parts", x.param("max-parts")));
    String uploadId = x.param("uploadId");
    List<PartInfo> page = maxParts == 0 ? List.of() : store.listParts(x.bucket(), x.key(), uploadId, marker, maxParts);
    // The store pages at most 1000 parts, so whether more follow is a second, one-part look.
    boolean truncated = !page.isEmpty() && page.size() == maxParts
        && !store.listParts(x.bucket(), x.key(), uploadId, page.getLast().partNumber(), 1).isEmpty();
    XmlWriter xml = XmlWriter.document("ListPartsResult")
        .element("Bucket", x.bucket())
        .element("Key", x.key())
        .element("UploadId", uploadId)
        .element("PartNumberMarker", marker)
        .element("NextPartNumberMarker", page.isEmpty() ? marker : page.getLast().partNumber())
        .element("MaxParts", maxParts)
        .element("IsTruncated", truncated);
    xml.start("Initiator").element("ID", ListOperations.OWNER_ID).element("DisplayName", ListOperations.OWNER_ID).end();
    ListOperations.owner(xml);
    xml.element("StorageClass", "STANDARD");
    for (PartInfo part : page) {
      xml.start("Part")
          .element("PartNumber", part.partNumber())
          .element("LastModified", part.lastModified())
          .element("ETag", part.etag())
          .element("Size", part.size());
      part.checksums().forEach((algorithm, value) -> xml.element(ChecksumHeaders.elementName(algorithm), value));
      xml.end();
    }
    x.sendXml(200, xml.toBytes());
  }

  void listUploads(S3Exchange x) {
    String prefix = x.param("prefix") == null ? "" : x.param("prefix");
    String keyMarker = x.param("key-marker") == null || x.param("key-marker").isEmpty() ? null : x.param("key-marker");
    String uploadIdMarker = x.param("upload-id-marker");
    int maxUploads = x.param("max-uploads") == null ? 1000 : Math.min(1000, nonNegative("max-uploads", x.param("max-uploads")));
    List<UploadInfo> after = new ArrayList<>();
    // The store lists by key, then start time. Resume after the marker key; within it, after the
    // marker upload (S3 skips the marker key's uploads entirely when no upload-id-marker is given).
    boolean hasIdMarker = uploadIdMarker != null && !uploadIdMarker.isEmpty();
    boolean afterIdMarker = false;
    for (UploadInfo upload : store.listMultipartUploads(x.bucket(), prefix)) {
      int byKey = keyMarker == null ? 1 : upload.key().compareTo(keyMarker);
      if (byKey > 0 || (byKey == 0 && afterIdMarker)) {
        after.add(upload);
      } else if (byKey == 0 && hasIdMarker && upload.uploadId().equals(uploadIdMarker)) {
        afterIdMarker = true;
      }
    }
    boolean truncated = after.size() > maxUploads;
    List<UploadInfo> page = truncated ? after.subList(0, maxUploads) : after;
    XmlWriter xml = XmlWriter.document("ListMultipartUploadsResult")
        .element("Bucket", x.bucket())
        .element("KeyMarker", keyMarker == null ? "" : keyMarker)
        .element("UploadIdMarker", uploadIdMarker == null ? "" : uploadIdMarker)
        .element("NextKeyMarker", truncated ? page.getLast().key() : null)
        .element("NextUploadIdMarker", truncated ? page.getLast().uploadId() : null)
        .element("Prefix", prefix)
        .element("MaxUploads", maxUploads)
        .element("IsTruncated", truncated);
    for (UploadInfo upload : page) {
      xml.start("Upload")
          .element("Key", upload.key())
          .element("UploadId", upload.uploadId());
      xml.start("Initiator").element("ID", ListOperations.OWNER_ID).element("DisplayName", ListOperations.OWNER_ID).end();
      ListOperations.owner(xml);
      xml.element("StorageClass", "STANDARD").element("Initiated", upload.initiated()).end();
    }
    x.sendXml(200, xml.toBytes());
  }

  /** A part number, 1..10000. */
  static int partNumber(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= MAX_PART_NUMBER) {
        return n;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw S3Errors.invalidArgument("Part number must be an integer between 1 and " + MAX_PART_NUMBER + ", inclusive");
  }

  private static int nonNegative(String name, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw S3Errors.invalidArgument(name + " must be a non-negative integer, was " + value);
  }
}
