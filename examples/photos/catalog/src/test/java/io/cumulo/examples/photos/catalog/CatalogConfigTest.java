package io.cumulo.examples.photos.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {
  private static final Map<String, String> SERVICE_ENV = Map.of("PORT", "4567", "CUMULO_APP", "photos",
      "CUMULO_DATA_DIR", "/data/photos/catalog");

  @Test
  void readsWhatCumuloGivesAReplica_whenStartedAsAService() {
    CatalogConfig config = CatalogConfig.fromEnvironment(SERVICE_ENV);

    assertThat(config.port()).isEqualTo(4567);
    assertThat(config.dataDir()).isEqualTo(Path.of("/data/photos/catalog"));
    assertThat(config.mediaBase()).isEqualTo("/apps/photos/media");
    assertThat(config.minBackoff()).isEqualTo(CatalogConfig.DEFAULT_MIN_BACKOFF);
  }

  @Test
  void usesTheGivenMediaBase_whenMediaBaseIsSet() {
    Map<String, String> env = new HashMap<>(SERVICE_ENV);
    env.put("MEDIA_BASE", "https://cdn.example/media");

    assertThat(CatalogConfig.fromEnvironment(env).mediaBase()).isEqualTo("https://cdn.example/media");
  }

  @Test
  void namesTheMissingVariable_whenNotStartedByCumulo() {
    for (String name : SERVICE_ENV.keySet()) {
      Map<String, String> env = new HashMap<>(SERVICE_ENV);
      env.remove(name);
      assertThatThrownBy(() -> CatalogConfig.fromEnvironment(env)).hasMessageContaining(name);
    }
    Map<String, String> badPort = new HashMap<>(SERVICE_ENV);
    badPort.put("PORT", "eighty");
    assertThatThrownBy(() -> CatalogConfig.fromEnvironment(badPort)).hasMessageContaining("PORT");
  }
}
