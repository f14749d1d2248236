package io.cumulo.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {
  @TempDir Path dir;

  @Test
  void findsKeysByHash_untilTheyAreRevoked() {
    try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"))) {
      ApiKey first = new ApiKey("k1", "photos", "mobile", "aa", Instant.ofEpochSecond(10));
      ApiKey second = new ApiKey("k2", "photos", "", "bb", Instant.ofEpochSecond(20));
      store.saveApiKey(first);
      store.saveApiKey(second);
      store.saveApiKey(new ApiKey("k3", "other", "", "cc", Instant.ofEpochSecond(5)));

      assertThat(store.apiKeys("photos")).containsExactly(first, second);
      assertThat(store.apiKeyByHash("bb")).contains(second);
      assertThat(store.deleteApiKey("other", "k2")).isFalse();
      assertThat(store.deleteApiKey("photos", "k2")).isTrue();
      assertThat(store.apiKeyByHash("bb")).isEmpty();
      assertThat(store.apiKeys("photos")).containsExactly(first);
    }
  }

  @Test
  void addsTheKeyTable_whenOpeningAVersion1Database() throws Exception {
    Path db = dir.resolve("old.db");
    SqliteStateStore.open(db).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE api_keys");
      s.execute("PRAGMA user_version = 1");
    }

    try (SqliteStateStore store = SqliteStateStore.open(db)) {
      store.saveApiKey(new ApiKey("k1", "photos", "", "aa", Instant.EPOCH));
      assertThat(store.apiKeys("photos")).hasSize(1);
    }
  }
}
