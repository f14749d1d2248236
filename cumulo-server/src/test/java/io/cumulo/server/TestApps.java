package io.cumulo.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds app folders and bundles from the test-functions jar for the server tests. */
public final class TestApps {
  public static final Path FUNCTIONS_JAR = Path.of(System.getProperty("cumulo.testFunctionsJar",
      "../testing/functions/target/test-functions.jar")).toAbsolutePath().normalize();
  public static final Path EXAMPLES = Path.of(System.getProperty("cumulo.examplesDir", "../examples"))
      .toAbsolutePath().normalize();
  public static final String PKG = "io.cumulo.testing.functions.";

  private TestApps() {}

  /** An app folder with {@code functions.jar} and the given manifest text. */
  public static Path folder(Path parent, String manifest) {
    try {
      Path dir = Files.createTempDirectory(parent, "app");
      Files.copy(FUNCTIONS_JAR, dir.resolve("functions.jar"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("cumulo.yaml"), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bundle (zip) of the manifest text and the test-functions jar as {@code functions.jar}. */
  public static byte[] bundle(String manifest) {
    return bundle(manifest, java.util.Map.of());
  }

  /** A bundle as {@link #bundle(String)} plus text files by their path in the bundle. */
  public static byte[] bundle(String manifest, java.util.Map<String, String> files) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        zip.putNextEntry(new ZipEntry("cumulo.yaml"));
        zip.write(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.putNextEntry(new ZipEntry("functions.jar"));
        zip.write(Files.readAllBytes(FUNCTIONS_JAR));
        for (var file : files.entrySet()) {
          zip.putNextEntry(new ZipEntry(file.getKey()));
          zip.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A bundle of an app folder: its {@code cumulo.yaml} and every file under the given paths
   * (relative to the folder), as {@code cumulo deploy} would send it.
   */
  static byte[] bundleOf(Path folder, String... paths) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        zip.putNextEntry(new ZipEntry("cumulo.yaml"));
        zip.write(Files.readAllBytes(folder.resolve("cumulo.yaml")));
        for (String path : paths) {
          try (var files = Files.walk(folder.resolve(path))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
              zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
              zip.write(Files.readAllBytes(file));
            }
          }
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A manifest line block for one function of the test-functions jar. */
  public static String function(String name, String handlerClass, String... extraLines) {
    StringBuilder yaml = new StringBuilder("  ").append(name).append(":\n")
        .append("    handler: ").append(PKG).append(handlerClass).append('\n')
        .append("    jar: functions.jar\n");
    for (String line : extraLines) {
      yaml.append("    ").append(line).append('\n');
    }
    return yaml.toString();
  }

  /** A manifest for app {@code name} with the given function blocks. */
  public static String manifest(String name, String... functions) {
    return "name: " + name + "\nfunctions:\n" + String.join("", functions);
  }
}
