package io.cumulo.core.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.api.ScheduledEvent;
import io.cumulo.core.CumuloException;
import io.cumulo.core.events.Event;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.manifest.Schedule;
import io.cumulo.core.manifest.ScheduleTrigger;
import io.cumulo.core.manifest.Trigger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the {@code schedule} triggers of deployed functions: at each firing time it appends a
 * durable {@code schedule} event carrying a {@link ScheduledEvent}, which the dispatcher delivers
 * like any other (retries, DLQ). Firings missed while the server was down are not caught up.
 */
public final class ScheduleRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest the runner sleeps between checks, so a jump of the clock is noticed soon. */
  private static final long MAX_SLEEP_NANOS = 1_000_000_000L;

  private final FunctionRuntime runtime;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Entry> entries = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  private static final class Entry {
    final String app;
    final String function;
    final Schedule schedule;
    Instant next;

    Entry(String app, String function, Schedule schedule, Instant next) {
      this.app = app;
      this.function = function;
      this.schedule = schedule;
      this.next = next;
    }
  }

  public ScheduleRunner(FunctionRuntime runtime, InstantSource clock) {
    this.runtime = runtime;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("cumulo-schedules").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Replaces an app's schedules with those of its new manifest. */
  public void replace(String app, AppManifest manifest) {
    Instant now = clock.instant();
    lock.lock();
    try {
      entries.removeIf(e -> e.app.equals(app));
      for (FunctionSpec spec : manifest.functions().values()) {
        for (Trigger trigger : spec.triggers()) {
          if (trigger instanceof ScheduleTrigger(Schedule schedule)) {
            entries.add(new Entry(app, app + "/" + spec.name(), schedule, schedule.nextAfter(now)));
          }
        }
      }
      for (io.cumulo.core.manifest.WorkflowSpec spec : manifest.workflows().values()) {
        for (Trigger trigger : spec.triggers()) {
          if (trigger instanceof ScheduleTrigger(Schedule schedule)) {
            entries.add(new Entry(app, app + "/workflow:" + spec.name(), schedule, schedule.nextAfter(now)));
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets an app's schedules. */
  public void remove(String app) {
    lock.lock();
    try {
      entries.removeIf(e -> e.app.equals(app));
    } finally {
      lock.unlock();
    }
  }

  /** Fires every schedule due at the clock's current time; returns how many fired. */
  int fireDue() {
    Instant now = clock.instant();
    List<Entry> due = new ArrayList<>();
    lock.lock();
    try {
      for (Entry entry : entries) {
        Instant nextFromNow = entry.schedule.nextAfter(now);
        if (entry.next.isAfter(nextFromNow)) {
          // The clock was set back: without this the schedule would stay silent for as long as
          // the clock jumped. (A jump forward fires a missed schedule once, not once per period.)
          entry.next = nextFromNow;
        }
        if (!entry.next.isAfter(now)) {
          due.add(entry);
        }
      }
    } finally {
      lock.unlock();
    }
    for (Entry entry : due) {
      fire(entry, entry.next);
      lock.lock();
      try {
        entry.next = entry.schedule.nextAfter(now);
      } finally {
        lock.unlock();
      }
    }
    return due.size();
  }

  private void fire(Entry entry, Instant time) {
    String id = UUID.randomUUID().toString();
    try {
      byte[] payload = JSON.writeValueAsBytes(
          new ScheduledEvent(id, time.toString(), entry.schedule.expression()));
      runtime.append(new Event(id, entry.function, "schedule", payload, clock.instant()));
    } catch (JsonProcessingException | CumuloException e) {
      log.warn("schedule {} of {} could not fire at {}: {}", entry.schedule.expression(),
          entry.function, time, e.getMessage());
    }
  }

  private void run() {
    while (!closed) {
      fireDue();
      lock.lock();
      try {
        long sleep = MAX_SLEEP_NANOS;
        Instant now = clock.instant();
        for (Entry entry : entries) {
          sleep = Math.min(sleep, Math.max(0, java.time.Duration.between(now, entry.next).toNanos()));
        }
        if (sleep > 0) {
          changed.awaitNanos(sleep);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
