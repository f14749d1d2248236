package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Deploys examples/photos from its built jars, and the sample photos the tests upload. */
final class PhotosApp {
  static final Path FOLDER = TestApps.EXAMPLES.resolve("photos");
  /** Real photos from Debian's python3-skimage (and its truncated JPEG). */
  static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/skimage/data");

  private PhotosApp() {}

  /** Deploys the app and waits until its catalog service answers through the gateway. */
  static void deploy(RunningServer server) {
    byte[] bundle = TestApps.bundleOf(FOLDER, "functions/target/photos.jar", "catalog/target/catalog.jar", "web");
    HttpResponse<String> deployed = server.send("POST", "/admin/v1/apps", bundle, "Content-Type", "application/zip");
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    RunningServer.await(Duration.ofSeconds(30), "the catalog to answer",
        () -> server.anonymous("GET", "/apps/photos/api/photos", null).statusCode() == 200);
  }

  static byte[] sample(String name) {
    try {
      return Files.readAllBytes(SAMPLES.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("the sample photos come with Debian's python3-skimage: " + e.getMessage(), e);
    }
  }
}
