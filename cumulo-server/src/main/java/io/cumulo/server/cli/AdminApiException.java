package io.cumulo.server.cli;

import java.io.Serial;
import java.util.Optional;

/**
 * The admin API answered with an error. The message is the problem's {@code detail} as the server
 * wrote it (it may span lines, e.g. one manifest problem per line).
 */
final class AdminApiException extends CliException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  AdminApiException(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status of the answer. */
  int status() {
    return status;
  }

  /** The problem's machine-readable {@code code}, e.g. {@code HandlerError}, when it had one. */
  Optional<String> code() {
    return Optional.ofNullable(code);
  }
}
