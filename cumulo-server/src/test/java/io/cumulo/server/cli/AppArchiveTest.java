package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppArchiveTest {
  @TempDir Path app;

  private Path write(String relative, String content) throws IOException {
    Path file = app.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes()));
      }
    }
    return entries;
  }

  @Test
  void includesExactlyManifestAndCode_whenFunctionsNameJarAndClasses() throws IOException {
    String manifest =
        """
        name: hello
        functions:
          echo:
            handler: example.Echo
            jar: target/hello.jar
          again:
            handler: example.Echo
            jar: ./target/hello.jar
          shout:
            handler: example.Shout
            classes: build/classes
        """;
    write("cumulo.yaml", manifest);
    write("target/hello.jar", "jar bytes");
    write("target/other.jar", "not named");
    write("build/classes/example/Shout.class", "shout");
    write("build/classes/example/inner/Helper.class", "helper");
    write("src/main/java/example/Echo.java", "source");

    AppArchive archive = AppArchive.of(app);

    assertThat(archive.entries())
        .containsExactly(
            "cumulo.yaml",
            "build/classes/example/Shout.class",
            "build/classes/example/inner/Helper.class",
            "target/hello.jar");
    assertThat(unzip(archive.zip()))
        .containsEntry("cumulo.yaml", manifest)
        .containsEntry("target/hello.jar", "jar bytes")
        .containsEntry("build/classes/example/inner/Helper.class", "helper")
        .hasSize(4);
  }

  @Test
  void includesServiceCodeWorkflowDefinitionsAndWebFiles() throws IOException {
    write("cumulo.yaml", """
        name: photos
        services:
          catalog: {main: example.Catalog, jar: target/catalog.jar}
        workflows:
          pipeline: {definition: flows/pipeline.asl.json}
        web: web
        """);
    write("target/catalog.jar", "catalog");
    write("flows/pipeline.asl.json", "{}");
    write("flows/unused.asl.json", "{}");
    write("web/index.html", "<html>");

    assertThat(AppArchive.of(app).entries()).containsExactly("cumulo.yaml", "flows/pipeline.asl.json",
        "target/catalog.jar", "web/index.html");
  }

  @Test
  void hintsAtTheMissingDefinition_whenAWorkflowFileDoesNotExist() throws IOException {
    write("cumulo.yaml", "name: photos\nworkflows:\n  pipeline: {definition: flows/nope.asl.json}\n");
    assertThatThrownBy(() -> AppArchive.of(app)).isInstanceOf(CliException.class)
        .hasMessageContaining("workflow pipeline: definition file").hasMessageContaining("does not exist");
  }

  @Test
  void includesOnlyManifest_whenNoFunctionNamesCode() throws IOException {
    write("cumulo.yaml", "name: empty\n");
    assertThat(AppArchive.of(app).entries()).containsExactly("cumulo.yaml");
  }

  @Test
  void refuses_whenJarPathEscapesTheAppFolder() throws IOException {
    write("cumulo.yaml", "functions:\n  echo:\n    jar: ../outside.jar\n");
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "function echo: jar path '../outside.jar' is outside the app folder "
                + app
                + "; code must live inside it");
  }

  @Test
  void refuses_whenClassesPathIsAbsoluteOutsideTheAppFolder() throws IOException {
    write("cumulo.yaml", "functions:\n  echo:\n    classes: /etc\n");
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("is outside the app folder");
  }

  @Test
  void refuses_whenASymlinkLeadsOutOfTheAppFolder(@TempDir Path elsewhere) throws IOException {
    Files.writeString(elsewhere.resolve("secret.jar"), "secret");
    write("cumulo.yaml", "functions:\n  echo:\n    jar: link.jar\n");
    Files.createSymbolicLink(app.resolve("link.jar"), elsewhere.resolve("secret.jar"));
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("is outside the app folder");
  }

  @Test
  void hintsToBuild_whenJarDoesNotExist() throws IOException {
    write("cumulo.yaml", "functions:\n  echo:\n    jar: target/hello.jar\n");
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "function echo: jar file "
                + app.resolve("target/hello.jar")
                + " does not exist; build it first: ./mvnw package");
  }

  @Test
  void saysWhereYamlIsBroken_whenManifestDoesNotParse() throws IOException {
    write("cumulo.yaml", "functions:\n  echo: [unclosed\n");
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith(app.resolve("cumulo.yaml") + ":")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void refuses_whenFolderHasNoManifest() {
    assertThatThrownBy(() -> AppArchive.of(app))
        .isInstanceOf(CliException.class)
        .hasMessage("no cumulo.yaml in " + app + "; an app folder needs a manifest");
  }

  @Test
  void keepsEntryNamesRelative_whenAppFolderIsGivenRelatively() throws IOException {
    write("cumulo.yaml", "functions:\n  echo:\n    jar: target/hello.jar\n");
    write("target/hello.jar", "jar");
    Path relative = Path.of("").toAbsolutePath().relativize(app);
    List<String> entries = new ArrayList<>(AppArchive.of(relative).entries());
    assertThat(entries).containsExactly("cumulo.yaml", "target/hello.jar");
  }
}
