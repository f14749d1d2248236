package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip that {@code cumulo deploy} sends: an app folder's {@code cumulo.yaml} plus every file
 * under the {@code jar:} and {@code classes:} paths its functions name and under its {@code web:}
 * folder, at the same relative paths.
 *
 * <p>Only those paths are read from the manifest; the server validates the whole of it.
 *
 * @param zip the archive's bytes
 * @param entries the archive's entry names, in archive order
 */
record AppArchive(byte[] zip, List<String> entries) {
  static final String MANIFEST = "cumulo.yaml";

  /** The biggest archive built in memory; the server has its own, possibly smaller, limit. */
  static final long MAX_ARCHIVE_BYTES = 512L << 20;

  /** Builds the archive of the app folder {@code dir}. */
  static AppArchive of(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliException(
          Files.exists(dir)
              ? dir + " is not a directory; deploy takes an app folder"
              : "no such directory: " + dir);
    }
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new CliException("no " + MANIFEST + " in " + dir + "; an app folder needs a manifest");
    }
    try {
      Path root = dir.toRealPath();
      SortedMap<String, Path> files = new TreeMap<>();
      JsonNode parsed = readManifest(manifest);
      for (Map.Entry<String, JsonNode> function : section(parsed, "functions")) {
        String owner = "function " + function.getKey();
        addCode(files, root, dir, owner, "jar", function.getValue().path("jar"));
        addCode(files, root, dir, owner, "classes", function.getValue().path("classes"));
      }
      for (Map.Entry<String, JsonNode> service : section(parsed, "services")) {
        String owner = "service " + service.getKey();
        addCode(files, root, dir, owner, "jar", service.getValue().path("jar"));
        addCode(files, root, dir, owner, "classes", service.getValue().path("classes"));
      }
      for (Map.Entry<String, JsonNode> workflow : section(parsed, "workflows")) {
        addCode(files, root, dir, "workflow " + workflow.getKey(), "definition",
            workflow.getValue().path("definition"));
      }
      if (parsed != null) {
        addCode(files, root, dir, "web", "classes", parsed.path("web"));
      }
      files.remove(MANIFEST);
      return zip(manifest, files);
    } catch (IOException e) {
      throw new CliException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readManifest(Path manifest) throws IOException {
    try {
      return new YAMLMapper().readTree(manifest.toFile());
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new CliException(manifest + where + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  /**
   * One of the manifest's maps by name ({@code functions}, {@code services}, {@code workflows});
   * anything malformed is the server's to reject.
   */
  private static List<Map.Entry<String, JsonNode>> section(JsonNode manifest, String name) {
    JsonNode section = manifest == null ? null : manifest.path(name);
    if (section == null || !section.isObject()) {
      return List.of();
    }
    return section.properties().stream().toList();
  }

  private static void addCode(
      SortedMap<String, Path> files,
      Path root,
      Path dir,
      String owner,
      String key,
      JsonNode value)
      throws IOException {
    if (!value.isTextual()) {
      return;
    }
    String written = value.asText();
    Path path = root.resolve(written).normalize();
    if (!path.startsWith(root) || (Files.exists(path) && !path.toRealPath().startsWith(root))) {
      throw new CliException(
          owner
              + ": "
              + key
              + " path '"
              + written
              + "' is outside the app folder "
              + dir
              + "; code must live inside it");
    }
    boolean singleFile = !key.equals("classes");
    if (singleFile ? !Files.isRegularFile(path) : !Files.isDirectory(path)) {
      String what = switch (key) {
        case "jar" -> "jar file";
        case "definition" -> "definition file";
        default -> "classes directory";
      };
      throw new CliException(
          owner
              + ": "
              + what
              + " "
              + dir.resolve(written).normalize()
              + (Files.exists(path) ? " is not a " + what : " does not exist")
              + "; build it first: ./mvnw package");
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!file.toRealPath().startsWith(root)) {
          throw new CliException(
              file + " links outside the app folder " + dir + "; code must live inside it");
        }
        files.put(
            root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
            file);
      }
    }
  }

  private static AppArchive zip(Path manifest, SortedMap<String, Path> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> names = Stream.concat(Stream.of(MANIFEST), files.keySet().stream()).toList();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : names) {
        Path file = name.equals(MANIFEST) ? manifest : files.get(name);
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
        if (bytes.size() > MAX_ARCHIVE_BYTES) {
          throw new CliException(
              "the app is bigger than "
                  + (MAX_ARCHIVE_BYTES >> 20)
                  + " MiB; deploy only the code it runs");
        }
      }
    }
    return new AppArchive(bytes.toByteArray(), names);
  }
}
