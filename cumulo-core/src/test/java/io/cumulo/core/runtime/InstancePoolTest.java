package io.cumulo.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class InstancePoolTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
  private final InstantSource clock = () -> now.get();

  /** Counts constructions, so tests can tell cold starts from reuse. */
  public static final class CountingHandler implements Handler<Object, Object> {
    static final AtomicInteger CREATED = new AtomicInteger();

    public CountingHandler() {
      CREATED.incrementAndGet();
    }

    @Override
    public Object handle(Object input, Context ctx) {
      return input;
    }
  }

  /** Its constructor always fails. */
  public static final class BrokenHandler implements Handler<Object, Object> {
    public BrokenHandler() {
      throw new IllegalStateException("no config");
    }

    @Override
    public Object handle(Object input, Context ctx) {
      return input;
    }
  }

  private InstancePool pool(Class<?> handler, int concurrency, int min, int max, int maxQueued) {
    HandlerBinding binding = HandlerBinding.load("t/f", handler.getName(), getClass().getClassLoader());
    return new InstancePool(binding, concurrency, min, max, maxQueued, Duration.ofMinutes(1), clock);
  }

  @Test
  void reusesWarmInstance_whenOneIsFree() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 0, 5, 10);
    InstancePool.Lease first = pool.acquire(Duration.ofSeconds(1));
    pool.release(first);
    InstancePool.Lease second = pool.acquire(Duration.ofSeconds(1));

    assertThat(first.coldStart()).isTrue();
    assertThat(second.coldStart()).isFalse();
    assertThat(second.instance()).isSameAs(first.instance());
    assertThat(pool.stats().instances()).isEqualTo(1);
  }

  @Test
  void scalesOutToMaxInstances_thenQueues_thenThrottles_whenAllAreBusy() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 0, 3, 1);
    List<InstancePool.Lease> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pool.acquire(Duration.ZERO));
    }
    assertThat(held).allMatch(InstancePool.Lease::coldStart);
    assertThat(pool.stats().instances()).isEqualTo(3);

    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<InstancePool.Lease> queued = new AtomicReference<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      waiting.countDown();
      try {
        queued.set(pool.acquire(Duration.ofSeconds(10)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiting.await();
    while (pool.stats().queued() == 0) {
      Thread.onSpinWait();
    }
    assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(1)))
        .isInstanceOf(FunctionFailure.class)
        .hasMessageContaining("already waiting")
        .extracting(e -> ((FunctionFailure) e).type()).isEqualTo(FunctionFailure.Type.Throttled);

    pool.release(held.get(0));
    waiter.join();
    assertThat(queued.get().instance()).isSameAs(held.get(0).instance());
    assertThat(queued.get().coldStart()).isFalse();
  }

  @Test
  void throttles_whenNoSlotFreesWithinTheWait() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 0, 1, 5);
    pool.acquire(Duration.ZERO);
    assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(20)))
        .isInstanceOf(FunctionFailure.class)
        .hasMessageContaining("no instance became free within 20 ms");
  }

  @Test
  void sharesOneInstance_uptoItsConcurrency() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 3, 0, 2, 0);
    InstancePool.Lease a = pool.acquire(Duration.ZERO);
    InstancePool.Lease b = pool.acquire(Duration.ZERO);
    InstancePool.Lease c = pool.acquire(Duration.ZERO);
    InstancePool.Lease d = pool.acquire(Duration.ZERO);

    assertThat(b.instance()).isSameAs(a.instance());
    assertThat(c.instance()).isSameAs(a.instance());
    assertThat(d.instance()).isNotSameAs(a.instance());
    assertThat(pool.stats().instances()).isEqualTo(2);
    assertThat(pool.stats().inFlight()).isEqualTo(4);
  }

  @Test
  void scalesInToMinInstances_whenIdleLongerThanTheTimeout() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 1, 4, 0);
    pool.prewarm();
    List<InstancePool.Lease> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(pool.acquire(Duration.ZERO));
    }
    held.forEach(pool::release);
    assertThat(pool.reapIdle()).isZero();

    now.set(now.get().plus(Duration.ofMinutes(2)));
    assertThat(pool.reapIdle()).isEqualTo(3);
    assertThat(pool.stats().instances()).isEqualTo(1);
  }

  @Test
  void replacesDiscardedInstance_withAColdOne() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 0, 1, 0);
    InstancePool.Lease broken = pool.acquire(Duration.ZERO);
    pool.discard(broken);
    InstancePool.Lease fresh = pool.acquire(Duration.ZERO);

    assertThat(fresh.coldStart()).isTrue();
    assertThat(fresh.instance()).isNotSameAs(broken.instance());
    assertThat(pool.stats().abandoned()).isEqualTo(1);
  }

  @Test
  void failsAndFreesTheSlot_whenTheConstructorThrows() throws Exception {
    InstancePool pool = pool(BrokenHandler.class, 1, 0, 1, 0);
    assertThatThrownBy(() -> pool.acquire(Duration.ZERO))
        .isInstanceOf(FunctionFailure.class)
        .hasMessageContaining("constructor threw java.lang.IllegalStateException: no config");
    assertThat(pool.stats().instances()).isZero();
    assertThat(pool.awaitDrained(Duration.ofMillis(10))).isTrue();
  }

  @Test
  void reportsDrained_onlyAfterInFlightWorkIsReleased() throws Exception {
    InstancePool pool = pool(CountingHandler.class, 1, 0, 1, 0);
    InstancePool.Lease lease = pool.acquire(Duration.ZERO);
    assertThat(pool.awaitDrained(Duration.ofMillis(10))).isFalse();
    Thread.ofVirtual().start(() -> {
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pool.release(lease);
    });
    assertThat(pool.awaitDrained(Duration.ofSeconds(5))).isTrue();
  }
}
