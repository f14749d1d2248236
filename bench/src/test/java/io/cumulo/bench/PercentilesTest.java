package io.cumulo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void givesNearestRankPercentiles_whenSamplesAreUnsorted() {
    List<Double> samples = DoubleStream.iterate(100, x -> x - 1).limit(100).boxed().toList();

    Percentiles p = Percentiles.of(samples);

    assertThat(p.p50()).isEqualTo(50);
    assertThat(p.p99()).isEqualTo(99);
    assertThat(p.min()).isEqualTo(1);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.count()).isEqualTo(100);
  }

  @Test
  void givesTheMaximumAsP99_whenThereAreFewerThanOneHundredSamples() {
    assertThat(Percentiles.of(List.of(3.0, 1.0, 2.0)).p99()).isEqualTo(3.0);
  }

  @Test
  void averagesTheMiddleTwo_whenTheMedianIsOfAnEvenCount() {
    assertThat(Percentiles.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void refuses_whenThereAreNoSamples() {
    assertThatThrownBy(() -> Percentiles.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
