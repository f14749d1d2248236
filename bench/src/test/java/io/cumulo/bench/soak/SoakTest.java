package io.cumulo.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's bounded CI form: half a minute at a low fixed rate against a real server. */
class SoakTest {

  @Test
  void answersEveryRequestWithoutThreadOrDescriptorGrowth_whenSoakedForHalfAMinute() throws Exception {
    SoakConfig config = new SoakConfig(Duration.ofSeconds(24), Duration.ofSeconds(3), Duration.ZERO, 0.7, 40, 4,
        null);
    List<String> progress = new ArrayList<>();

    Soak.Result result = Soak.run(config, progress::add);

    assertThat(result.errors()).as("failed requests and invocations; progress: %s", progress).isZero();
    assertThat(result.invocations().tailSucceeded()).as("async invokes run").isEqualTo(result.invocations()
        .frontSucceeded());
    // 40 req/s for 24 s; a loaded CI machine may fall behind, but not by half.
    assertThat(result.requests()).isGreaterThan(40 * 24 / 2);
    List<SoakSample> samples = result.samples();
    assertThat(samples).hasSize(8);
    SoakSample afterWarmUp = samples.get(1);
    assertThat(samples).allSatisfy(s -> {
      assertThat(s.threads()).as("live threads at %.0f s", s.elapsedSeconds())
          .isLessThanOrEqualTo(afterWarmUp.threads() + 4);
      assertThat(s.fileDescriptors()).as("open fds at %.0f s", s.elapsedSeconds())
          .isLessThanOrEqualTo(afterWarmUp.fileDescriptors() + 16);
    });
    assertThat(result.verdicts()).filteredOn(v -> !v.gauge().startsWith("heap"))
        .allSatisfy(v -> assertThat(v.flat()).as(v.toString()).isTrue());
  }
}
