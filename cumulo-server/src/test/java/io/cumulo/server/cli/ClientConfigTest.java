package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
  @TempDir Path data;

  private void writeServerFile(String url) throws IOException {
    Files.writeString(data.resolve("server.json"), "{\"url\":\"" + url + "\",\"pid\":42}");
  }

  @Test
  void usesFlag_whenFlagEnvAndServerFileAllGiveAUrl() throws IOException {
    writeServerFile("http://127.0.0.1:7003");
    ClientConfig config =
        ClientConfig.resolve("http://flag:7001/", data, Map.of("CUMULO_URL", "http://env:7002"));
    assertThat(config.serverUrl()).isEqualTo(URI.create("http://flag:7001"));
  }

  @Test
  void usesEnv_whenNoFlag() throws IOException {
    writeServerFile("http://127.0.0.1:7003");
    ClientConfig config = ClientConfig.resolve(null, data, Map.of("CUMULO_URL", "http://env:7002"));
    assertThat(config.serverUrl()).isEqualTo(URI.create("http://env:7002"));
  }

  @Test
  void usesServerFile_whenNoFlagNorEnv() throws IOException {
    writeServerFile("http://127.0.0.1:7003");
    ClientConfig config = ClientConfig.resolve(null, data, Map.of("CUMULO_URL", " "));
    assertThat(config.serverUrl()).isEqualTo(URI.create("http://127.0.0.1:7003"));
  }

  @Test
  void usesServerFileInEnvDataDir_whenNoDataFlag() throws IOException {
    writeServerFile("http://127.0.0.1:7004");
    ClientConfig config = ClientConfig.resolve(null, null, Map.of("CUMULO_DATA", data.toString()));
    assertThat(config.dataDir()).isEqualTo(data);
    assertThat(config.serverUrl()).isEqualTo(URI.create("http://127.0.0.1:7004"));
  }

  @Test
  void usesDefaults_whenNothingIsConfigured() {
    ClientConfig config = ClientConfig.resolve(null, data, Map.of());
    assertThat(config.serverUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(config.token()).isEmpty();
    assertThat(ClientConfig.dataDir(null, Map.of())).isEqualTo(Path.of(".cumulo-data"));
  }

  @Test
  void prefersDataFlag_whenEnvAlsoNamesADataDir() {
    assertThat(ClientConfig.dataDir(data, Map.of("CUMULO_DATA", "/elsewhere"))).isEqualTo(data);
  }

  @Test
  void readsTokenFromEnv_beforeTokenFile() throws IOException {
    Files.writeString(data.resolve("admin.token"), "from-file\n");
    assertThat(ClientConfig.resolve(null, data, Map.of("CUMULO_TOKEN", "from-env")).token())
        .contains("from-env");
    assertThat(ClientConfig.resolve(null, data, Map.of()).token()).contains("from-file");
  }

  @Test
  void rejectsUrl_whenItIsNotHttp() {
    assertThatThrownBy(() -> ClientConfig.resolve("ftp://host", data, Map.of()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("'ftp://host' from --server is not valid");
  }

  @Test
  void saysWhichFileIsBroken_whenServerFileIsNotJson() throws IOException {
    Files.writeString(data.resolve("server.json"), "{not json");
    assertThatThrownBy(() -> ClientConfig.resolve(null, data, Map.of()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining(data.resolve("server.json") + " is not valid JSON");
  }
}
