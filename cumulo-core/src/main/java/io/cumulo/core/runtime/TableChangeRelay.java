package io.cumulo.core.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.core.events.Event;
import io.cumulo.core.tables.PendingChange;
import io.cumulo.core.tables.TableStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed table changes from the table store's outbox into the durable event log, one
 * event per subscribed function ({@code table:} triggers), and only then acknowledges them. A crash
 * between the two repeats the hand-off after restart; the event ids are derived from the change's
 * sequence and the function, so a repeated change reaches a handler with the same invocation id.
 */
public final class TableChangeRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableChangeRelay.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 256;
  /** How often the outbox is checked without a wake-up: catches changes left from before a restart. */
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration BACKOFF = Duration.ofSeconds(1);

  private final TableStore tables;
  private final FunctionRuntime runtime;
  private final InstantSource clock;
  private final Semaphore wake = new Semaphore(0);
  private final Thread worker;
  private volatile boolean closed;

  public TableChangeRelay(TableStore tables, FunctionRuntime runtime, InstantSource clock) {
    this.tables = tables;
    this.runtime = runtime;
    this.clock = clock;
    this.worker = Thread.ofVirtual().name("cumulo-table-relay").start(this::run);
  }

  /** Tells the relay a change was committed. Cheap; call after every write. */
  public void changed() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  private void run() {
    while (!closed) {
      try {
        wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        relayAll();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("could not hand table changes to the event log; retrying in {}", BACKOFF, e);
        try {
          Thread.sleep(BACKOFF);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Relays until the outbox is empty. */
  void relayAll() {
    while (true) {
      List<PendingChange> changes = tables.pendingChanges(BATCH);
      if (changes.isEmpty()) {
        return;
      }
      List<Event> events = new ArrayList<>();
      for (PendingChange change : changes) {
        for (String function : runtime.tableSubscribers(change.app(), change.table(), change.operation())) {
          String id = UUID.nameUUIDFromBytes(("table-change/" + change.sequence() + "/" + function)
              .getBytes(StandardCharsets.UTF_8)).toString();
          events.add(new Event(id, function, "table", payload(change), clock.instant()));
        }
      }
      if (!events.isEmpty()) {
        runtime.appendAll(events);
      }
      tables.acknowledge(changes.getLast().sequence());
    }
  }

  /** The change as an {@code io.cumulo.api.TableChange}. */
  private static byte[] payload(PendingChange change) {
    ObjectNode node = JSON.createObjectNode();
    node.put("table", change.table());
    node.put("source", change.source());
    node.put("operation", change.operation());
    node.put("key", change.key());
    try {
      node.set("newImage", change.newImage() == null ? null : JSON.readTree(change.newImage()));
      node.set("oldImage", change.oldImage() == null ? null : JSON.readTree(change.oldImage()));
      node.put("sequence", change.sequence());
      node.put("time", change.time().toString());
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the table store holds only checked JSON objects", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
