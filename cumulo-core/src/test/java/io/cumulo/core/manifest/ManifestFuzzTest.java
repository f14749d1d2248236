package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the manifest parser: any bytes must parse to a manifest or fail with a {@link
 * ManifestException} whose every problem names the file (never another exception, never a hang).
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seeds under {@code ManifestFuzzTestInputs}.
 */
class ManifestFuzzTest {
  private final ManifestParser parser = new ManifestParser();

  @FuzzTest(maxDuration = "2m")
  void parsesOrRefuses_whenManifestIsArbitrary(byte[] yaml) {
    if (yaml.length > 256 * 1024) {
      return;
    }
    try {
      assertThat(parser.parse("cumulo.yaml", yaml).name()).isNotBlank();
    } catch (ManifestException e) {
      assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
        assertThat(problem.file()).isEqualTo("cumulo.yaml");
        assertThat(problem.message()).isNotBlank();
        assertThat(problem.line()).isNotNegative();
      });
    }
  }
}
