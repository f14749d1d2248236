package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;

/** The S3 error codes the front itself raises (the store raises its own), with S3's statuses. */
final class S3Errors {
  private S3Errors() {}

  static StorageException malformedXml(String message) {
    return new StorageException(400, "MalformedXML", message);
  }

  static StorageException invalidArgument(String message) {
    return new StorageException(400, "InvalidArgument", message);
  }

  static StorageException invalidRequest(String message) {
    return new StorageException(400, "InvalidRequest", message);
  }

  static StorageException accessDenied(String message) {
    return new StorageException(403, "AccessDenied", message);
  }

  static StorageException notImplemented(String message) {
    return new StorageException(501, "NotImplemented", message);
  }

  static StorageException methodNotAllowed(String method) {
    return new StorageException(405, "MethodNotAllowed", "The specified method is not allowed against this resource: " + method);
  }

  static StorageException preconditionFailed() {
    return new StorageException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
  }

  static StorageException invalidRange(long size) {
    return new StorageException(416, "InvalidRange", "The requested range is not satisfiable (object size " + size + ")");
  }

  static StorageException entityTooLarge(long max) {
    return new StorageException(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size of " + max + " bytes");
  }

  static StorageException maxMessageLength(long max) {
    return new StorageException(400, "MaxMessageLengthExceeded", "Your request body is larger than " + max + " bytes");
  }

  static StorageException missingContentLength() {
    return new StorageException(411, "MissingContentLength", "You must provide the Content-Length HTTP header");
  }

  static StorageException noSuchCorsConfiguration() {
    return new StorageException(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist");
  }

  static StorageException corsForbidden(String message) {
    return new StorageException(403, "AccessForbidden", message);
  }

}
