package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus of the manifest parser (DESIGN.md promise 3): broken {@code cumulo.yaml}
 * files, each refused with a {@link ManifestException} whose problems point at {@code
 * file:line:col} (or name the file, for whole-file problems) and say what is wrong, in words a
 * user reads: never another exception type, never a Java class name.
 *
 * <p>The files are under {@code hostile/manifest}, listed with the expected words in {@code
 * cases.tsv}; the huge ones are generated here.
 */
class ManifestHostileInputTest {
  private static final Pattern LOCATED = Pattern.compile("[\\w.-]+\\.yaml:\\d+:\\d+: .+");
  private static final Pattern WHOLE_FILE = Pattern.compile("[\\w.-]+\\.yaml: .+");

  @TempDir Path dir;

  static Stream<Arguments> files() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] f = line.split("\t");
        cases.add(arguments(f[0], resource(f[0]), f[1]));
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> generated() {
    String head = "name: demo\nfunctions:\n  echo:\n    handler: com.example.Echo\n    jar: build/echo.jar\n";
    return Stream.of(
        arguments("ten-megabyte-string.yaml", ("name: \"" + "x".repeat(10 * 1024 * 1024) + "\"\n").getBytes(StandardCharsets.UTF_8),
            "is larger than 1048576 bytes"),
        arguments("hundred-kilobyte-name.yaml", ("name: " + "x".repeat(100_000) + "\nfunctions: {}\n").getBytes(StandardCharsets.UTF_8),
            "is not a valid name"),
        arguments("ten-thousand-open-brackets.yaml", ("name: demo\nfunctions: " + "[".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
            "nesting is deeper than 32 levels"),
        arguments("five-thousand-env-lines.yaml", (head + "    env:\n" + "      A: x\n".repeat(5_000)).getBytes(StandardCharsets.UTF_8),
            "duplicate key 'A'"),
        arguments("all-byte-values-repeated.yaml", allBytes(), "not UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"files", "generated"})
  void refusesWithLocatedMessage_whenManifestIsBroken(String name, byte[] yaml, String expected) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, yaml);

    Throwable thrown = catchThrowable(() -> new ManifestParser().parse(file));

    assertThat(thrown).isInstanceOf(ManifestException.class);
    ManifestException refused = (ManifestException) thrown;
    assertThat(refused.getMessage()).contains(expected)
        .doesNotContain("Exception").doesNotContain("java.").doesNotContain("org.yaml").doesNotContain("com.fasterxml");
    assertThat(refused.problems()).allSatisfy(problem -> {
      assertThat(problem.file()).isEqualTo(name);
      assertThat(problem.toString()).matches(problem.line() > 0 ? LOCATED : WHOLE_FILE);
    });
  }

  private static byte[] allBytes() {
    byte[] bytes = new byte[256 * 64];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    return bytes;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ManifestHostileInputTest.class.getResourceAsStream("/hostile/manifest/" + name)) {
      assertThat(in).as("resource hostile/manifest/" + name).isNotNull();
      return in.readAllBytes();
    }
  }
}
