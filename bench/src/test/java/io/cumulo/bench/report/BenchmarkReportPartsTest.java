package io.cumulo.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkReportPartsTest {

  @Test
  void readsSubjectAndNumericMetrics_whenAResultLineHasTargetModePhase() {
    var found = Measurement.parse("s3", "RESULT target=cumulo mode=small phase=put clients=16 ops_per_s=659.5 "
        + "p50_ms=18.5 server_cpu_ms_per_op=NaN");

    assertThat(found).containsExactly(new Measurement("s3", "cumulo small put", "ops_per_s", 659.5),
        new Measurement("s3", "cumulo small put", "p50_ms", 18.5));
  }

  @Test
  void readsAQuotedSubject_andSkipsLabels() {
    var found = Measurement.parse("images", "RESULT peer=\"vipsthumbnail CLI, 1024 only\" cpu_ms_median=312.5 "
        + "runs=1.0,2.0");

    assertThat(found).containsExactly(new Measurement("images", "vipsthumbnail CLI, 1024 only", "cpu_ms_median",
        312.5));
  }

  @Test
  void findsPeers_byTheFirstMatchingRule() {
    BenchmarkEntry gateway = BenchmarkEntry.parse("gateway\tGateway\tfunction-c1->direct-c1;function->plain");
    BenchmarkEntry images = BenchmarkEntry.parse("images\tImages\t*->vips x3");

    assertThat(gateway.peerOf("function-c1")).contains("direct-c1");
    assertThat(gateway.peerOf("function")).contains("plain");
    assertThat(gateway.peerOf("plain")).isEmpty();
    assertThat(images.peerOf("libvips engine")).contains("vips x3");
    assertThat(images.peerOf("vips x3")).isEmpty();
  }

  @Test
  void keepsTheProseAroundABlock_whenReplacingIt() {
    String markdown = "# B\n\nintro\n\n<!-- run-all:s3:begin -->\nold table\n<!-- run-all:s3:end -->\n\nwhy\n";

    String rewritten = MarkerBlocks.replace(markdown, "s3", "S3", "| new |");

    assertThat(rewritten).isEqualTo("# B\n\nintro\n\n<!-- run-all:s3:begin -->\n| new |\n<!-- run-all:s3:end -->"
        + "\n\nwhy\n");
  }

  @Test
  void appendsASection_whenTheMarkersAreMissing() {
    String rewritten = MarkerBlocks.replace("# B\n\nintro\n", "workflows", "Workflow transitions", "| t |");

    assertThat(rewritten).isEqualTo("# B\n\nintro\n\n## Workflow transitions\n\n<!-- run-all:workflows:begin -->\n"
        + "| t |\n<!-- run-all:workflows:end -->\n");
  }
}
