package demo.workflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Returns {"sha256"} of the uploaded object. Its first attempt for each object fails with {@link
 * ChecksumBusy}, standing in for a dependency that is briefly unavailable, so every run shows the
 * workflow's Retry at work (the attempts are counted in the checksum-attempts table).
 */
public final class Checksum implements Handler<Map<String, Object>, Map<String, Object>> {
  /** A transient failure; the workflow retries it. */
  public static final class ChecksumBusy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChecksumBusy(String message) {
      super(message);
    }
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) throws IOException {
    Upload upload = Upload.from(input);
    if (ctx.tables().insert("checksum-attempts", upload.rowKey(), "{}")) {
      throw new ChecksumBusy("the checksum service is busy; try " + upload.rowKey() + " again");
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(ctx.objects().open(upload.bucket(), upload.key()), sha256)) {
      in.transferTo(OutputStreamSink.INSTANCE);
    }
    return Map.of("sha256", HexFormat.of().formatHex(sha256.digest()));
  }

  /** Discards what it is given: the digest stream has seen the bytes by then. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
