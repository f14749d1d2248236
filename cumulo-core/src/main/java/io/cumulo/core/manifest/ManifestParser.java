package io.cumulo.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and validates {@code cumulo.yaml}. Every problem in the file is reported at once, each with
 * its line and column, as a {@link ManifestException}. The schema, with defaults and bounds from
 * {@link ManifestLimits}:
 *
 * <pre>
 * name: photos                    # required; [a-z][a-z0-9-]{0,62}
 * functions:                      # required; 1..200 functions, names as for the app
 *   thumbnail:
 *     handler: com.example.Thumb  # required; a Java binary class name
 *     jar: build/thumb.jar        # exactly one of jar (a .jar file) or classes (a directory),
 *                                 #   relative to the app folder, normalised, '/' separated
 *     memory: 256                 # MiB, 64..10240
 *     timeout: 30s                # 10ms..15m; units ms, s, m, h
 *     concurrency: 1              # 1..1000 invocations per instance
 *     minInstances: 0             # 0..1000, at most maxInstances
 *     maxInstances: 10            # 1..1000
 *     maxQueued: 100              # 0..100000
 *     idleTimeout: 5m             # 100ms..24h
 *     maxAttempts: 3              # 1..100
 *     env: {BUCKET: photos}       # at most 256; names [A-Za-z_][A-Za-z0-9_]*; values as written
 *     triggers:
 *       - schedule: rate(5 minutes)   # see Schedule#parse
 * </pre>
 *
 * Keys {@code buckets}, {@code routes}, {@code services}, {@code workflows} and trigger kinds
 * {@code bucket}, {@code http}, {@code queue}, {@code table} are rejected as not supported yet, so
 * nobody believes they took effect. YAML aliases and multiple documents are rejected. Thread-safe.
 */
public final class ManifestParser {

  /**
   * Reads and validates a manifest file.
   *
   * @throws ManifestException if the file is missing, unreadable, too large or invalid
   */
  public AppManifest parse(Path file) {
    String name = String.valueOf(file.getFileName());
    byte[] yaml;
    try (InputStream in = Files.newInputStream(file)) {
      // One byte over the limit is enough to know it is too large, without reading a huge file.
      yaml = in.readNBytes(ManifestLimits.MAX_MANIFEST_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw single(name, "not found; an app folder needs a cumulo.yaml");
    } catch (IOException e) {
      throw single(name, "cannot be read: " + e.getMessage());
    }
    return parse(name, yaml);
  }

  /**
   * Validates a manifest's bytes.
   *
   * @param fileName the name used in problem messages, e.g. {@code cumulo.yaml}
   * @param yaml UTF-8 YAML, at most {@link ManifestLimits#MAX_MANIFEST_BYTES}
   * @throws ManifestException listing every problem found
   */
  public AppManifest parse(String fileName, byte[] yaml) {
    if (yaml.length > ManifestLimits.MAX_MANIFEST_BYTES) {
      throw single(fileName, "is larger than " + ManifestLimits.MAX_MANIFEST_BYTES
          + " bytes, the most allowed for a manifest");
    }
    List<ManifestProblem> problems = new ArrayList<>();
    YamlNode root = YamlTreeReader.read(fileName, yaml, problems);
    AppManifest manifest = root == null ? null : new ManifestValidator(fileName, problems).app(root);
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(ManifestProblem::line)
          .thenComparingInt(ManifestProblem::column));
      throw new ManifestException(problems);
    }
    return manifest;
  }

  private static ManifestException single(String fileName, String message) {
    return new ManifestException(List.of(new ManifestProblem(fileName, 0, 0, "", message)));
  }
}
