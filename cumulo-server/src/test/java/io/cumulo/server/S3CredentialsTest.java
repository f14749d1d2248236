package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.storage.auth.AccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3CredentialsTest {
  @TempDir Path data;

  @Test
  void generatesTheRootKeyOnce_andKeepsItPrivate() throws Exception {
    AccessKey first = S3Credentials.open(data, Map.of()).root();
    AccessKey again = S3Credentials.open(data, Map.of()).root();

    assertThat(first.accessKeyId()).hasSize(20);
    assertThat(again).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(S3Credentials.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void takesTheRootKeyFromTheEnvironment_whenBothVariablesAreSet() {
    S3Credentials credentials = S3Credentials.open(data,
        Map.of("CUMULO_ROOT_ACCESS_KEY", "ROOTKEYFROMENV000001", "CUMULO_ROOT_SECRET_KEY", "s3cr3t"));

    assertThat(credentials.root().accessKeyId()).isEqualTo("ROOTKEYFROMENV000001");
    assertThat(credentials.find("ROOTKEYFROMENV000001")).get().extracting(AccessKey::secretKey).isEqualTo("s3cr3t");
  }

  @Test
  void scopesAnAppsKeyToItsBuckets_keepsItAcrossRedeploys_andForgetsItOnUndeploy() {
    S3Credentials credentials = S3Credentials.open(data, Map.of());
    AccessKey v1 = credentials.forApp("pics", List.of("pics-in"));
    AccessKey v2 = credentials.forApp("pics", List.of("pics-in", "pics-out"));

    assertThat(v2.accessKeyId()).isEqualTo(v1.accessKeyId());
    assertThat(v2.canAccess("pics-out")).isTrue();
    assertThat(v2.canAccess("other")).isFalse();
    assertThat(S3Credentials.open(data, Map.of()).find(v1.accessKeyId())).get()
        .extracting(AccessKey::buckets).isEqualTo(java.util.Set.of("pics-in", "pics-out"));

    credentials.removeApp("pics");
    assertThat(credentials.find(v1.accessKeyId())).isEmpty();
  }
}
