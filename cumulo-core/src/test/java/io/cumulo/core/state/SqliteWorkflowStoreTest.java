package io.cumulo.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkflowStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
  @TempDir Path dir;

  private static ExecutionRecord running(String id, String workflow, Instant started) {
    return new ExecutionRecord(id, "photos", workflow, ExecutionRecord.RUNNING, "{\"StartAt\":\"A\"}", "{}",
        null, null, null, started, null, "{\"at\":\"A\"}");
  }

  private static HistoryEntry entry(long seq, String type) {
    return new HistoryEntry(seq, type, "A", "{\"seq\":" + seq + "}", T0.plusSeconds(seq));
  }

  @Test
  void keepsExecutionsAndHistory_acrossReopen() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("workflows.db"))) {
      store.create(running("e1", "flow", T0), List.of(entry(1, "ExecutionStarted"))).join();
      ExecutionRecord done = new ExecutionRecord("e1", "photos", "flow", ExecutionRecord.SUCCEEDED,
          "{\"StartAt\":\"A\"}", "{}", "{\"ok\":true}", null, null, T0, T0.plusSeconds(3), "{\"at\":null}");
      store.save(done, List.of(entry(2, "StateEntered"), entry(3, "ExecutionSucceeded"))).join();
    }
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("workflows.db"))) {
      ExecutionRecord e1 = store.get("e1").orElseThrow();
      assertThat(e1.status()).isEqualTo(ExecutionRecord.SUCCEEDED);
      assertThat(e1.output()).isEqualTo("{\"ok\":true}");
      assertThat(e1.stoppedAt()).isEqualTo(T0.plusSeconds(3));
      assertThat(store.history("e1", 0, 10)).extracting(HistoryEntry::type)
          .containsExactly("ExecutionStarted", "StateEntered", "ExecutionSucceeded");
      assertThat(store.history("e1", 1, 1)).extracting(HistoryEntry::sequence).containsExactly(2L);
      assertThat(store.running()).isEmpty();
    }
  }

  @Test
  void listsNewestFirst_andFindsTheRunningOnes() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("workflows.db"))) {
      store.create(running("a", "flow", T0), List.of()).join();
      store.create(running("b", "flow", T0.plusSeconds(1)), List.of()).join();
      store.create(running("c", "other", T0.plusSeconds(2)), List.of()).join();
      assertThat(store.list("photos", "flow", null, 10)).extracting(ExecutionRecord::id).containsExactly("b", "a");
      assertThat(store.list("photos", null, ExecutionRecord.RUNNING, 10)).extracting(ExecutionRecord::id)
          .containsExactly("c", "b", "a");
      assertThat(store.list("elsewhere", null, null, 10)).isEmpty();
      assertThat(store.running()).extracting(ExecutionRecord::id).containsExactly("a", "b", "c");
    }
  }

  @Test
  void failsOnlyTheBadWrite_whenABatchHasADuplicateId() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("workflows.db"))) {
      store.create(running("dup", "flow", T0), List.of()).join();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        writes.add(store.create(running(i == 100 ? "dup" : "e" + i, "flow", T0), List.of(entry(1, "ExecutionStarted"))));
      }
      assertThatThrownBy(() -> writes.get(100).join()).hasMessageContaining("exists already");
      for (int i = 0; i < 200; i++) {
        if (i != 100) {
          writes.get(i).join();
        }
      }
      assertThat(store.running()).hasSize(200);
    }
  }
}
