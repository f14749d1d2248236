package io.cumulo.core.storage;

/** A part named in a CompleteMultipartUpload request: its number and the ETag the client got for it. */
public record CompletedPart(int partNumber, String etag) {}
