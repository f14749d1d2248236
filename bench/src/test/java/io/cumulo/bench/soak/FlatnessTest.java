package io.cumulo.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FlatnessTest {

  private static List<SoakSample> threads(int... counts) {
    return IntStream.range(0, counts.length)
        .mapToObj(i -> new SoakSample(10.0 * (i + 1), 100, 150, counts[i], 200, 1000, 100, 0, 1, 5, 1))
        .toList();
  }

  @Test
  void isFlat_whenTheGaugeOnlyWobbles() {
    Flatness verdict = Flatness.of("threads", threads(50, 90, 91, 90, 92, 90, 91, 90, 91, 90),
        s -> s.threads(), 4);

    assertThat(verdict.flat()).as(verdict.toString()).isTrue();
  }

  @Test
  void isNotFlat_whenTheGaugeClimbsSteadily() {
    Flatness verdict = Flatness.of("threads", threads(90, 91, 93, 94, 96, 97, 99, 100, 102, 103),
        s -> s.threads(), 4);

    assertThat(verdict.flat()).isFalse();
    assertThat(verdict.slopePerMinute()).isCloseTo(9.0, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void ignoresTheWarmUp_whenTheGaugeRisesOnlyAtTheStart() {
    Flatness verdict = Flatness.of("threads", threads(10, 60, 90, 90, 90, 90, 90, 90, 90, 90),
        s -> s.threads(), 4);

    assertThat(verdict.flat()).as(verdict.toString()).isTrue();
  }
}
