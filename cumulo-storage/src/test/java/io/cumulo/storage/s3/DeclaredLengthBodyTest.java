package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeclaredLengthBodyTest {

  /** A body whose end-of-stream check fails, as a signed body whose SHA-256 does not match does. */
  static InputStream failingAtEnd(String s) {
    return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          throw new StorageException(400, "XAmzContentSHA256Mismatch", "checked at the end");
        }
        return n;
      }

      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c < 0) {
          throw new StorageException(400, "XAmzContentSHA256Mismatch", "checked at the end");
        }
        return c;
      }
    };
  }

  @Test
  void runsEndChecksWithTheLastByte_whenReaderStopsAtDeclaredLength() throws IOException {
    InputStream body = DeclaredLengthBody.of(failingAtEnd("meow"), 4);
    byte[] buffer = new byte[4];
    assertThat(body.read(buffer, 0, 3)).isEqualTo(3);
    assertThatThrownBy(() -> body.read(buffer, 3, 1))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("XAmzContentSHA256Mismatch"));
  }

  @Test
  void runsEndChecksAtOnce_whenDeclaredLengthIsZero() {
    assertThatThrownBy(() -> DeclaredLengthBody.of(failingAtEnd(""), 0))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("XAmzContentSHA256Mismatch"));
  }

  @Test
  void refusesBody_whenLongerThanDeclared() {
    assertThatThrownBy(() -> DeclaredLengthBody.of(new ByteArrayInputStream(new byte[10]), 4).readAllBytes())
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
  }

  @Test
  void handsOutBodyAndEnds_whenLengthMatches() throws IOException {
    InputStream body = DeclaredLengthBody.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 5);
    assertThat(body.skip(1)).isEqualTo(1);
    assertThat(body.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("ello");
    assertThat(body.read()).isEqualTo(-1);
    assertThat(body.skip(10)).isZero();
  }
}
