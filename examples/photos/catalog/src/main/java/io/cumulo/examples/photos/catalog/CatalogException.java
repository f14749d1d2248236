package io.cumulo.examples.photos.catalog;

import java.io.Serial;

/** A request the catalog refuses, with the HTTP status and a readable reason for the client. */
final class CatalogException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  CatalogException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  static CatalogException badRequest(String detail) {
    return new CatalogException(400, "Bad Request", detail);
  }

  static CatalogException notFound(String detail) {
    return new CatalogException(404, "Not Found", detail);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }
}
