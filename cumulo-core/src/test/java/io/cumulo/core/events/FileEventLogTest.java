package io.cumulo.core.events;

import static io.cumulo.core.events.TestEvents.T0;
import static io.cumulo.core.events.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FileEventLogTest {

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(T0);
  private FileEventLog log;

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close();
    }
  }

  private FileEventLog reopen(FileEventLogConfig config) {
    if (log != null) {
      log.close();
    }
    log = FileEventLog.open(dir, config, clock);
    return log;
  }

  private FileEventLog reopen() {
    return reopen(FileEventLogConfig.defaults());
  }

  private static List<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.event().id()).toList();
  }

  @Test
  void deliversOldestFirstAndForgetsCompleted_whenAppendedPolledAndCompleted() throws Exception {
    reopen();
    log.append(event("a")).join();
    log.append(event("b")).join();

    List<Delivery> first = log.poll(10, Duration.ZERO);
    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(first).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
    assertThat(first.getFirst().event().payload()).isEqualTo(event("a").payload());
    assertThat(log.poll(10, Duration.ofMillis(20))).as("claimed events are not handed out twice")
        .isEmpty();

    log.complete("a");
    assertThat(log.isPending("a")).isFalse();
    assertThat(log.isPending("b")).isTrue();
    assertThat(log.pendingByFunction()).isEqualTo(Map.of("app/thumbnail", 1));
  }

  @Test
  void wakesWaitingPoll_whenAnEventIsAppended() throws Exception {
    reopen();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<Delivery>> polled = executor.submit(() -> log.poll(1, Duration.ofSeconds(10)));
      Thread.sleep(50);
      log.append(event("late")).join();
      assertThat(ids(polled.get())).containsExactly("late");
    }
  }

  @Test
  void throwsInterrupted_whenWaitingPollIsInterrupted() throws Exception {
    reopen();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread poller = Thread.ofVirtual().start(() -> {
      try {
        log.poll(1, Duration.ofSeconds(20));
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    Thread.sleep(50);
    poller.interrupt();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void redeliversAfterNotBefore_whenFakeClockAdvances() throws Exception {
    reopen();
    log.append(event("a")).join();
    assertThat(log.poll(1, Duration.ZERO)).hasSize(1);

    log.retryLater("a", 2, T0.plusSeconds(60));
    assertThat(log.poll(1, Duration.ofMillis(30))).isEmpty();

    clock.advance(Duration.ofSeconds(59));
    assertThat(log.poll(1, Duration.ZERO)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    List<Delivery> again = log.poll(1, Duration.ZERO);
    assertThat(again).singleElement().satisfies(d -> {
      assertThat(d.event().id()).isEqualTo("a");
      assertThat(d.attempt()).isEqualTo(2);
    });
  }

  @Test
  void wakesWaitingPoll_whenClockPassesNotBefore() throws Exception {
    reopen();
    log.append(event("a")).join();
    log.poll(1, Duration.ZERO);
    log.retryLater("a", 2, T0.plusSeconds(5));
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      Future<List<Delivery>> polled = executor.submit(() -> log.poll(1, Duration.ofSeconds(10)));
      Thread.sleep(50);
      clock.advance(Duration.ofSeconds(5));
      assertThat(ids(polled.get())).containsExactly("a");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void keepsPendingAndAttemptsButForgetsCompleted_whenReopened() throws Exception {
    reopen();
    for (String id : List.of("a", "b", "c", "d")) {
      log.append(event(id)).join();
    }
    log.poll(3, Duration.ZERO);
    log.complete("a");
    log.retryLater("b", 3, T0.plusSeconds(10));

    reopen();
    assertThat(log.isPending("a")).isFalse();
    assertThat(List.of("b", "c", "d")).allMatch(log::isPending);
    List<Delivery> due = log.poll(10, Duration.ZERO);
    assertThat(ids(due)).as("c was claimed before the restart; claims do not survive it")
        .containsExactly("c", "d");
    clock.advance(Duration.ofSeconds(10));
    assertThat(log.poll(10, Duration.ZERO)).singleElement()
        .satisfies(d -> assertThat(d.attempt()).isEqualTo(3));
  }

  @Test
  void failsWithEventLogFull_whenMaxPendingReached() throws Exception {
    reopen(FileEventLogConfig.defaults().withMaxPendingEvents(3));
    for (String id : List.of("a", "b", "c")) {
      log.append(event(id)).join();
    }
    assertThatThrownBy(() -> log.append(event("d")).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(EventLogFullException.class);

    log.complete("a");
    log.append(event("e")).join();
    reopen(FileEventLogConfig.defaults().withMaxPendingEvents(3));
    assertThat(log.pendingByFunction()).isEqualTo(Map.of("app/thumbnail", 3));
    assertThat(log.isPending("d")).as("a rejected append writes nothing").isFalse();
  }

  @Test
  void rejectsCalls_whenClosedAndClosesTwiceQuietly() {
    reopen();
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(event("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.poll(1, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.complete("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadArguments_whenCalled() throws Exception {
    reopen();
    log.append(event("a")).join();
    assertThatThrownBy(() -> log.append(event("a"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already pending");
    assertThatThrownBy(() -> log.poll(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.retryLater("a", 2, T0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not claimed");
    assertThatThrownBy(() -> new FileEventLogConfig(0, 1 << 20, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingEvents");
    assertThatThrownBy(() -> FileEventLog.open(dir, FileEventLogConfig.defaults(), clock))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
  }

  @Test
  void makesEveryAppendDurableAndDeliversEachOnce_whenManyThreadsAppend() throws Exception {
    reopen(new FileEventLogConfig(100_000, 64 * 1024, 256));
    int threads = 32;
    int perThread = 300;
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        executor.submit(() -> {
          List<CompletableFuture<Void>> acks = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            acks.add(log.append(event("t" + thread + "-" + i)));
          }
          acks.forEach(CompletableFuture::join);
          return null;
        });
      }
    }
    int total = threads * perThread;
    Set<String> delivered = new HashSet<>();
    List<Delivery> batch;
    while (!(batch = log.poll(1000, Duration.ZERO)).isEmpty()) {
      for (Delivery d : batch) {
        assertThat(delivered.add(d.event().id())).as("delivered once: %s", d.event().id())
            .isTrue();
      }
    }
    assertThat(delivered).hasSize(total);

    reopen(new FileEventLogConfig(100_000, 64 * 1024, 256));
    assertThat(log.pendingByFunction()).isEqualTo(Map.of("app/thumbnail", total));
  }
}
