package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The example app {@code examples/forms}, deployed from its folder as {@code cumulo deploy} sends it. */
final class FormsApp {
  static final Path DIR = TestApps.EXAMPLES.resolve("forms");
  static final String SUBMISSIONS = "/apps/forms/api/submissions";

  private FormsApp() {}

  /** Deploys the app: its manifest, its built jar and its web folder. */
  static void deploy(RunningServer server) {
    HttpResponse<String> response = server.send("POST", "/admin/v1/apps", bundle(), "Content-Type", "application/zip");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Creates an API key of the app and returns its secret, for the routes with {@code auth: apiKey}. */
  static String apiKey(RunningServer server) {
    HttpResponse<String> created = server.post("/admin/v1/apps/forms/keys", "{\"name\":\"test\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return RunningServer.json(created).get("key").asText();
  }

  /** Posts a form as the page does. */
  static HttpResponse<String> submit(RunningServer server, String json, String... headers) {
    String[] all = Stream.concat(Stream.of("Content-Type", "application/json"), Stream.of(headers))
        .toArray(String[]::new);
    return server.anonymous("POST", SUBMISSIONS, json.getBytes(StandardCharsets.UTF_8), all);
  }

  /** A page of the list, read with the API key. */
  static JsonNode list(RunningServer server, String apiKey, String query) {
    HttpResponse<String> response = server.anonymous("GET", SUBMISSIONS + query, null, "x-api-key", apiKey);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RunningServer.json(response);
  }

  /** The ids of every stored submission, all pages. */
  static List<String> storedIds(RunningServer server, String apiKey) {
    return list(server, apiKey, "?limit=100").get("submissions").valueStream().map(s -> s.get("id").asText()).toList();
  }

  private static byte[] bundle() {
    Path jar = DIR.resolve("target/forms.jar");
    assertThat(jar).as("the forms app's jar; build it first: ./mvnw -pl examples/forms package").isRegularFile();
    try (Stream<Path> web = Files.walk(DIR.resolve("web"))) {
      List<Path> files = Stream.concat(Stream.of(DIR.resolve("cumulo.yaml"), jar), web.filter(Files::isRegularFile))
          .toList();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (Path file : files) {
          zip.putNextEntry(new ZipEntry(DIR.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, zip);
          zip.closeEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
