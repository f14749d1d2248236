package io.cumulo.bench.soak;

import io.cumulo.server.CumuloServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The small app the soak deploys: a bucket, the route {@code POST /apps/soak/work} to
 * {@link SoakFront}, and {@link SoakTail} behind its async invokes. Its jar holds just those two
 * classes, which need nothing but the Cumulo API.
 */
final class SoakApp {
  static final String MANIFEST = """
      name: soak
      buckets: [soak-data]
      functions:
        front:
          handler: io.cumulo.bench.soak.SoakFront
          jar: functions.jar
          maxInstances: 32
          maxQueued: 10000
        tail:
          handler: io.cumulo.bench.soak.SoakTail
          jar: functions.jar
          maxInstances: 8
      routes:
        - {path: /work, method: POST, function: front}
      """;

  private SoakApp() {}

  /** Deploys the app on {@code server} and answers the URL of its route. */
  static URI deploy(CumuloServer server) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("cumulo.yaml"));
      zip.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("functions.jar"));
      zip.write(functionsJar());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.platform().deployer().deploy(bytes.toByteArray());
    return server.uri().resolve("/apps/soak/work");
  }

  private static byte[] functionsJar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
      for (Class<?> type : List.of(SoakFront.class, SoakTail.class)) {
        String entry = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
          jar.putNextEntry(new ZipEntry(entry));
          in.transferTo(jar);
        }
      }
    }
    return bytes.toByteArray();
  }
}
