package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

class S3MultipartTest {
  private static final int MIB = 1024 * 1024;
  @TempDir static Path dir;
  static S3TestServer t;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    s3 = t.s3;
    s3.createBucket(b -> b.bucket("mpu"));
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  @Test
  void doesAssembleThreeParts_whenOneIsUploadPartCopy() throws Exception {
    byte[] part1 = filled(5 * MIB, 1);
    byte[] source = filled(6 * MIB, 2);
    byte[] part3 = "the end".getBytes();
    s3.putObject(b -> b.bucket("mpu").key("copy-source"), RequestBody.fromBytes(source));

    String uploadId = s3.createMultipartUpload(b -> b.bucket("mpu").key("assembled").contentType("application/x-test"))
        .uploadId();
    String etag1 = s3.uploadPart(b -> b.bucket("mpu").key("assembled").uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(part1)).eTag();
    UploadPartCopyResponse copied = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("copy-source")
        .destinationBucket("mpu").destinationKey("assembled").uploadId(uploadId).partNumber(2)
        .copySourceRange("bytes=" + MIB + "-" + (6 * MIB - 1)));
    String etag3 = s3.uploadPart(b -> b.bucket("mpu").key("assembled").uploadId(uploadId).partNumber(3),
        RequestBody.fromBytes(part3)).eTag();

    ListPartsResponse parts = s3.listParts(b -> b.bucket("mpu").key("assembled").uploadId(uploadId));
    assertThat(parts.parts()).extracting(p -> p.partNumber()).containsExactly(1, 2, 3);
    assertThat(parts.parts().get(1).size()).isEqualTo(5L * MIB);
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).extracting(u -> u.uploadId()).contains(uploadId);

    CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("mpu").key("assembled").uploadId(uploadId)
        .multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(etag1).build(),
            CompletedPart.builder().partNumber(2).eTag(copied.copyPartResult().eTag()).build(),
            CompletedPart.builder().partNumber(3).eTag(etag3).build())));
    assertThat(done.eTag()).matches("\"[0-9a-f]{32}-3\"");
    assertThat(done.location()).endsWith("/mpu/assembled");

    byte[] expected = concat(part1, Arrays.copyOfRange(source, MIB, 6 * MIB), part3);
    byte[] actual = s3.getObjectAsBytes(b -> b.bucket("mpu").key("assembled")).asByteArray();
    assertThat(actual).isEqualTo(expected);
    assertThat(s3.headObject(b -> b.bucket("mpu").key("assembled")).contentType()).isEqualTo("application/x-test");
    assertThat(t.events.forKey("assembled")).extracting(S3TestServer.RecordingEvents.Event::name)
        .containsExactly("ObjectCreated:CompleteMultipartUpload");
  }

  @Test
  void doesForgetUpload_whenAborted() {
    String uploadId = s3.createMultipartUpload(b -> b.bucket("mpu").key("aborted")).uploadId();
    s3.uploadPart(b -> b.bucket("mpu").key("aborted").uploadId(uploadId).partNumber(1), RequestBody.fromString("x"));
    s3.abortMultipartUpload(b -> b.bucket("mpu").key("aborted").uploadId(uploadId));
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).extracting(u -> u.uploadId()).doesNotContain(uploadId);
    assertThatThrownBy(() -> s3.listParts(b -> b.bucket("mpu").key("aborted").uploadId(uploadId)))
        .isInstanceOf(NoSuchUploadException.class);
  }

  @Test
  void doesPageUploads_whenManyInProgress() {
    List<String> started = new ArrayList<>();
    for (String key : List.of("pages/a", "pages/a", "pages/b", "pages/c")) {
      started.add(s3.createMultipartUpload(b -> b.bucket("mpu").key(key)).uploadId());
    }
    List<String> listed = new ArrayList<>();
    s3.listMultipartUploadsPaginator(b -> b.bucket("mpu").prefix("pages/").maxUploads(1))
        .forEach(page -> page.uploads().forEach(u -> listed.add(u.uploadId())));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(started).hasSize(4);
  }

  @Test
  void doesRefuseBadPartNumbersAndSmallParts_whenCompleting() {
    String uploadId = s3.createMultipartUpload(b -> b.bucket("mpu").key("bad")).uploadId();
    assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket("mpu").key("bad").uploadId(uploadId).partNumber(10001),
        RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
    String e1 = s3.uploadPart(b -> b.bucket("mpu").key("bad").uploadId(uploadId).partNumber(1), RequestBody.fromString("small"))
        .eTag();
    String e2 = s3.uploadPart(b -> b.bucket("mpu").key("bad").uploadId(uploadId).partNumber(2), RequestBody.fromString("tail"))
        .eTag();
    assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("bad").uploadId(uploadId)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall"));
  }

  /** 100 MiB in 20 parts of 5 MiB, each generated as it is sent and checked as it is read back: nothing held whole. */
  @Test
  void doesStream100MiB_whenMultipartUpload() throws Exception {
    int partSize = 5 * MIB;
    int partCount = 20;
    String uploadId = s3.createMultipartUpload(b -> b.bucket("mpu").key("big")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    MessageDigest md5s = MessageDigest.getInstance("MD5");
    for (int i = 1; i <= partCount; i++) {
      int n = i;
      String etag = s3.uploadPart(b -> b.bucket("mpu").key("big").uploadId(uploadId).partNumber(n),
          RequestBody.fromContentProvider(() -> new PatternStream(partSize, n), partSize, "application/octet-stream")).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      try (InputStream in = new PatternStream(partSize, n)) {
        byte[] buf = new byte[64 * 1024];
        for (int r; (r = in.read(buf)) > 0; ) {
          md5.update(buf, 0, r);
        }
      }
      byte[] partMd5 = md5.digest();
      assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(partMd5) + "\"");
      md5s.update(partMd5);
    }
    CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("mpu").key("big").uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));
    assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5s.digest()) + "-" + partCount + "\"");

    long[] read = {0};
    s3.getObject(b -> b.bucket("mpu").key("big"), ResponseTransformer.toInputStream()).transferTo(new java.io.OutputStream() {
      final InputStream[] expected = {new PatternStream(partSize, 1)};
      int part = 1;

      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          for (int i = 0; i < len; i++) {
            int e = expected[0].read();
            if (e < 0) {
              expected[0] = new PatternStream(partSize, ++part);
              e = expected[0].read();
            }
            if ((byte) e != b[off + i]) {
              throw new AssertionError("byte " + (read[0] + i) + " differs");
            }
          }
          read[0] += len;
        } catch (java.io.IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }
    });
    assertThat(read[0]).isEqualTo((long) partSize * partCount);
  }

  /** Deterministic bytes that differ per part, generated on the fly. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private final int seed;
    private long pos;

    PatternStream(long size, int seed) {
      this.size = size;
      this.seed = seed;
    }

    @Override
    public int read() {
      return pos < size ? (int) ((pos++ * 31 + seed * 7) & 0xff) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((pos++ * 31 + seed * 7) & 0xff);
      }
      return n;
    }
  }

  private static byte[] filled(int size, int seed) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 13 + seed);
    }
    return bytes;
  }

  private static byte[] concat(byte[]... arrays) {
    int total = Arrays.stream(arrays).mapToInt(a -> a.length).sum();
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] a : arrays) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }
}
