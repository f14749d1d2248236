package io.cumulo.core.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Builders shared by the event log tests. */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestEvents() {}

  static Event event(String id) {
    return event(id, "app/thumbnail", 64);
  }

  static Event event(String id, String function, int payloadBytes) {
    byte[] payload = ("{\"key\":\"" + id + "\"}" + " ".repeat(payloadBytes))
        .getBytes(StandardCharsets.UTF_8);
    return new Event(id, function, "invoke", payload, T0);
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    return SegmentWriter.listSegments(dir).stream()
        .map(n -> dir.resolve(SegmentWriter.fileName(n)))
        .toList();
  }
}
