package io.cumulo.storage.s3;

import io.cumulo.core.storage.BucketInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;
import io.cumulo.storage.auth.AccessKey;

/**
 * ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, GetBucketVersioning and
 * the bucket configurations stored as documents: CORS and notifications.
 */
final class BucketOperations {
  static final String CORS = "cors";
  static final String NOTIFICATION = "notification";

  private final ObjectStore store;
  private final S3ServerConfig config;

  BucketOperations(ObjectStore store, S3ServerConfig config) {
    this.store = store;
    this.config = config;
  }

  void listBuckets(S3Exchange x) {
    AccessKey key = x.accessKey();
    XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult");
    ListOperations.owner(xml);
    xml.start("Buckets");
    for (BucketInfo bucket : store.listBuckets()) {
      if (key.canAccess(bucket.name())) {
        xml.start("Bucket").element("Name", bucket.name()).element("CreationDate", bucket.createdAt()).end();
      }
    }
    xml.end();
    x.sendXml(200, xml.toBytes());
  }

  void create(S3Exchange x) {
    requireRoot(x, "create buckets");
    if (x.payloadLength() > 0) {
      XmlElement configuration = XmlElement.parse(x.readSmallBody(config.maxXmlBodyBytes()))
          .expect("CreateBucketConfiguration");
      String location = configuration.childText("LocationConstraint");
      if (location != null && !location.isEmpty() && !location.equals(config.region())) {
        throw new StorageException(400, "InvalidLocationConstraint",
            "The specified location-constraint is not valid: this server serves " + config.region());
      }
    }
    store.createBucket(x.bucket());
    x.setHeader("Location", "/" + x.bucket());
    x.sendEmpty(200);
  }

  void delete(S3Exchange x) {
    requireRoot(x, "delete buckets");
    store.deleteBucket(x.bucket());
    x.sendEmpty(204);
  }

  void head(S3Exchange x) {
    requireBucket(x);
    x.setHeader("x-amz-bucket-region", config.region());
    x.sendEmpty(200);
  }

  void location(S3Exchange x) {
    requireBucket(x);
    // us-east-1 is reported as an empty LocationConstraint, as S3 does.
    String region = config.region().equals("us-east-1") ? null : config.region();
    x.sendXml(200, XmlWriter.document("LocationConstraint").raw(region == null ? "" : region).toBytes());
  }

  void versioning(S3Exchange x) {
    requireBucket(x);
    x.sendXml(200, XmlWriter.document("VersioningConfiguration").toBytes());
  }

  void putCors(S3Exchange x) {
    byte[] document = x.readSmallBody(config.maxXmlBodyBytes());
    ChecksumHeaders.verifySmallBody(x, document, false);
    CorsConfiguration.parse(document);
    store.putBucketConfig(x.bucket(), CORS, document);
    x.sendEmpty(200);
  }

  void getCors(S3Exchange x) {
    requireBucket(x);
    byte[] document = store.bucketConfig(x.bucket(), CORS).orElseThrow(S3Errors::noSuchCorsConfiguration);
    x.sendXml(200, document);
  }

  void deleteCors(S3Exchange x) {
    requireBucket(x);
    store.putBucketConfig(x.bucket(), CORS, null);
    x.sendEmpty(204);
  }

  void putNotification(S3Exchange x) {
    byte[] document = x.readSmallBody(config.maxXmlBodyBytes());
    ChecksumHeaders.verifySmallBody(x, document, false);
    NotificationConfiguration.validate(document);
    store.putBucketConfig(x.bucket(), NOTIFICATION, document);
    x.sendEmpty(200);
  }

  void getNotification(S3Exchange x) {
    requireBucket(x);
    x.sendXml(200, store.bucketConfig(x.bucket(), NOTIFICATION).orElseGet(NotificationConfiguration::empty));
  }

  private void requireBucket(S3Exchange x) {
    if (!store.bucketExists(x.bucket())) {
      throw StorageException.noSuchBucket(x.bucket());
    }
  }

  private static void requireRoot(S3Exchange x, String what) {
    if (!x.accessKey().isRoot()) {
      throw S3Errors.accessDenied("Access Denied: only the root key may " + what);
    }
  }
}
