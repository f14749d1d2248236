package io.cumulo.core.manifest;

import java.time.Instant;

/** When a schedule trigger fires. */
public interface Schedule {

  /** The expression as written in the manifest, e.g. {@code rate(5 minutes)}. */
  String expression();

  /** The first firing time strictly after {@code after}, in UTC. */
  Instant nextAfter(Instant after);
}
