package io.cumulo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class DiskFullExceptionTest {
  @Test
  void recognisesAFullDisk_whenItIsACauseAnywhereInTheChain() {
    IOException enospc = new IOException("No space left on device");
    FileSystemException quota = new FileSystemException("/data/x", null, "Disk quota exceeded");

    assertThat(DiskFullException.isCause(new UncheckedIOException("cannot write the event log", enospc))).isTrue();
    assertThat(DiskFullException.isCause(quota)).isTrue();
  }

  @Test
  void doesNotClaimADiskFull_whenTheFailureIsAnotherOne() {
    assertThat(DiskFullException.isCause(new IOException("Input/output error"))).isFalse();
    assertThat(DiskFullException.isCause(new IOException((String) null))).isFalse();
  }

  @Test
  void answers507WithAMessageThatNamesNoPath() {
    DiskFullException e = new DiskFullException(new IOException("No space left on device: /srv/data/events/1.seg"));

    assertThat(e.httpStatus()).isEqualTo(507);
    assertThat(e.code()).isEqualTo("InsufficientStorage");
    assertThat(e.getMessage()).contains("disk is full").doesNotContain("/srv");
  }
}
