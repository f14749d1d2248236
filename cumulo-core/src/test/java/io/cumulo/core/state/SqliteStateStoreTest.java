package io.cumulo.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.CumuloException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  @TempDir Path dir;
  private Path dbFile;
  private SqliteStateStore store;

  @BeforeEach
  void open() {
    dbFile = dir.resolve("state/cumulo.db");
    store = SqliteStateStore.open(dbFile);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SqliteStateStore reopen(SqliteStateStore.Config config) {
    store.close();
    store = SqliteStateStore.open(dbFile, config);
    return store;
  }

  private static InvocationRecord invocation(String id, String function, Instant start) {
    return new InvocationRecord(id, function, start, 1_500, true, "succeeded", null, null, 256, 1);
  }

  private static DeadLetter letter(String eventId, String function, Instant failedAt) {
    return new DeadLetter(
        eventId,
        function,
        "invoke",
        "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
        T0,
        failedAt,
        3,
        "HandlerError",
        "boom");
  }

  @Test
  void savesListsAndDeletesApps_whenAppsAreDeployed() {
    store.saveApp(new DeployedApp("photos", 1, "apps/photos/1", T0));
    store.saveApp(new DeployedApp("forms", 1, "apps/forms/1", T0));
    store.saveApp(new DeployedApp("photos", 2, "apps/photos/2", T0.plusSeconds(60)));

    assertThat(store.app("photos"))
        .contains(new DeployedApp("photos", 2, "apps/photos/2", T0.plusSeconds(60)));
    assertThat(store.apps()).extracting(DeployedApp::name).containsExactly("forms", "photos");

    store.deleteApp("photos");

    assertThat(store.app("photos")).isEmpty();
    assertThat(store.apps()).extracting(DeployedApp::name).containsExactly("forms");
  }

  @Test
  void replacesInvocationById_whenAnEventIsRetried() {
    InvocationRecord first = invocation("ev-1", "photos/thumb", T0);
    InvocationRecord retry =
        new InvocationRecord(
            "ev-1", "photos/thumb", T0.plusSeconds(2), 900, false, "failed", "Timeout", "late", 128,
            2);

    store.recordInvocations(List.of(first));
    store.recordInvocations(List.of(retry));

    assertThat(store.invocation("ev-1")).contains(retry);
    assertThat(store.invocation("ev-2")).isEmpty();
    assertThat(store.recentInvocations("photos/thumb", 10)).containsExactly(retry);
  }

  @Test
  void keepsTheLastRecordOfAnId_whenOneBatchHoldsItTwice() {
    InvocationRecord first = invocation("ev-1", "photos/thumb", T0);
    InvocationRecord second = invocation("ev-1", "photos/thumb", T0.plusSeconds(1));

    store.recordInvocations(List.of(first, second));

    assertThat(store.invocation("ev-1")).contains(second);
  }

  @Test
  void returnsNewestInvocationsOfOneFunction_whenAskedForRecentOnes() {
    List<InvocationRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(invocation("t-" + i, "photos/thumb", T0.plusSeconds(i)));
      records.add(invocation("f-" + i, "photos/filter", T0.plusSeconds(i)));
    }
    store.recordInvocations(records);

    assertThat(store.recentInvocations("photos/thumb", 3))
        .extracting(InvocationRecord::id)
        .containsExactly("t-4", "t-3", "t-2");
    assertThat(store.recentInvocations("photos/none", 3)).isEmpty();
  }

  @Test
  void addsListsReplacesAndRemovesDeadLetters_whenEventsFail() {
    store.addDeadLetter(letter("ev-2", "photos/thumb", T0.plusSeconds(2)));
    store.addDeadLetter(letter("ev-1", "photos/thumb", T0.plusSeconds(1)));
    store.addDeadLetter(letter("ev-3", "photos/filter", T0));
    DeadLetter replaced = letter("ev-2", "photos/thumb", T0.plusSeconds(5));
    store.addDeadLetter(replaced);

    assertThat(store.deadLetters("photos/thumb", 10))
        .extracting(DeadLetter::eventId)
        .containsExactly("ev-1", "ev-2");
    DeadLetter read = store.deadLetter("ev-2").orElseThrow();
    assertThat(read.failedAt()).isEqualTo(replaced.failedAt());
    assertThat(read.payload()).isEqualTo(replaced.payload());
    assertThat(read.errorMessage()).isEqualTo("boom");

    assertThat(store.removeDeadLetter("ev-2")).isTrue();
    assertThat(store.removeDeadLetter("ev-2")).isFalse();
    assertThat(store.deadLetter("ev-2")).isEmpty();
    assertThat(store.deadLetters("photos/thumb", 1))
        .extracting(DeadLetter::eventId)
        .containsExactly("ev-1");
  }

  @Test
  void keepsEverything_whenClosedAndReopened() {
    store.saveApp(new DeployedApp("photos", 3, "apps/photos/3", T0));
    store.recordInvocations(List.of(invocation("ev-1", "photos/thumb", T0)));
    store.addDeadLetter(letter("ev-9", "photos/thumb", T0));

    reopen(SqliteStateStore.Config.DEFAULTS);

    assertThat(store.app("photos")).contains(new DeployedApp("photos", 3, "apps/photos/3", T0));
    assertThat(store.invocation("ev-1")).contains(invocation("ev-1", "photos/thumb", T0));
    assertThat(store.deadLetter("ev-9")).isPresent();
  }

  @Test
  void prunesOldestInvocations_whenTheBoundIsExceeded() {
    reopen(SqliteStateStore.Config.DEFAULTS.withMaxInvocations(200));
    for (int batch = 0; batch < 10; batch++) {
      List<InvocationRecord> records = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = batch * 50 + i;
        records.add(invocation("ev-" + n, "photos/thumb", T0.plusMillis(n)));
      }
      store.recordInvocations(records);
      assertThat(store.recentInvocations("photos/thumb", 1_000)).hasSizeLessThanOrEqualTo(200);
    }

    List<InvocationRecord> kept = store.recentInvocations("photos/thumb", 1_000);
    assertThat(kept).hasSizeBetween(198, 200);
    assertThat(kept.getFirst().id()).isEqualTo("ev-499");
    assertThat(store.invocation("ev-0")).isEmpty();
  }

  @Test
  void prunesExistingRows_whenReopenedWithASmallerBound() {
    store.recordInvocations(
        IntStream.range(0, 100)
            .mapToObj(i -> invocation("ev-" + i, "a/f", T0.plusMillis(i)))
            .toList());

    reopen(SqliteStateStore.Config.DEFAULTS.withMaxInvocations(10));
    store.recordInvocations(List.of(invocation("ev-100", "a/f", T0.plusMillis(100))));

    assertThat(store.recentInvocations("a/f", 1_000))
        .extracting(InvocationRecord::id)
        .hasSize(10)
        .startsWith("ev-100", "ev-99")
        .endsWith("ev-91");
  }

  @Test
  void recordsEveryInvocation_whenManyThreadsWriteAtOnce() throws Exception {
    int threads = 8;
    int batches = 25;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    List<InvocationRecord> records = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                      String id = thread + "-" + b + "-" + i;
                      records.add(invocation(id, "app/f" + thread, T0.plusMillis(b * 4L + i)));
                    }
                    store.recordInvocations(records);
                    assertThat(store.invocation(thread + "-" + b + "-0")).isPresent();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    for (int t = 0; t < threads; t++) {
      assertThat(store.recentInvocations("app/f" + t, 1_000)).hasSize(batches * 4);
    }
  }

  @Test
  void failsWithAClearError_whenTheFileIsNotADatabase() throws Exception {
    Path garbage = dir.resolve("garbage.db");
    Files.writeString(garbage, "not a database, just text long enough for a header\n".repeat(100));

    assertThatThrownBy(() -> SqliteStateStore.open(garbage))
        .isInstanceOf(CumuloException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("not a SQLite database")
        .satisfies(e -> assertThat(((CumuloException) e).code()).isEqualTo("StateStoreError"));
  }

  @Test
  void refusesToOpen_whenTheSchemaIsNewer() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
    }

    assertThatThrownBy(() -> SqliteStateStore.open(dbFile))
        .isInstanceOf(CumuloException.class)
        .hasMessageContaining("newer")
        .hasMessageContaining("upgrade Cumulo");
  }

  @Test
  void hidesSqlFromTheMessage_whenAStatementFails() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE dead_letters");
    }

    assertThatThrownBy(() -> store.addDeadLetter(letter("ev-1", "photos/thumb", T0)))
        .isInstanceOfSatisfying(
            CumuloException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.code()).isEqualTo("StateStoreError");
            })
        .hasMessage("state store failure")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void recordsNothing_whenOneRecordOfTheBatchIsInvalid() {
    InvocationRecord good = invocation("ev-1", "photos/thumb", T0);
    InvocationRecord noOutcome =
        new InvocationRecord("ev-2", "photos/thumb", T0, 1, false, null, null, null, 0, 1);

    assertThatThrownBy(() -> store.recordInvocations(List.of(good, noOutcome)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("outcome");

    assertThat(store.invocation("ev-1")).isEmpty();
  }

  @Test
  void closesOnce_whenClosedTwice() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.apps()).isInstanceOf(IllegalStateException.class);
  }
}
