package io.cumulo.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The index of uncompleted events: by id, the due ones in append order, the delayed ones by due
 * time. Not thread-safe; the log guards it with its lock.
 */
final class PendingEvents {

  private final Map<String, PendingEvent> byId = new HashMap<>();
  private final TreeMap<Long, PendingEvent> ready = new TreeMap<>();
  /** May hold stale entries (completed since); they are skipped when they come due. */
  private final PriorityQueue<PendingEvent> delayed = new PriorityQueue<>(
      Comparator.comparing((PendingEvent p) -> p.notBefore).thenComparingLong(p -> p.sequence));

  int size() {
    return byId.size();
  }

  PendingEvent get(String eventId) {
    return byId.get(eventId);
  }

  /** Adds an event accepted but not yet durable; it is not delivered until {@link #markDurable}. */
  void addWriting(PendingEvent entry) {
    byId.put(entry.event.id(), entry);
  }

  /** Adds an event recovered from disk, as released at its recorded due time. */
  void addRecovered(PendingEvent entry) {
    byId.put(entry.event.id(), entry);
    schedule(entry);
  }

  /** Makes a just-written event deliverable, unless it was completed while being written. */
  void markDurable(PendingEvent entry) {
    if (entry.state == PendingEvent.State.WRITING && byId.get(entry.event.id()) == entry) {
      entry.state = PendingEvent.State.READY;
      ready.put(entry.sequence, entry);
    }
  }

  /** Forgets an event whose APPEND could not be written. */
  void dropUnwritten(PendingEvent entry) {
    byId.remove(entry.event.id(), entry);
  }

  /** Removes a completed event; returns it, or null when it was not pending. */
  PendingEvent remove(String eventId) {
    PendingEvent entry = byId.remove(eventId);
    if (entry != null && entry.state == PendingEvent.State.READY) {
      ready.remove(entry.sequence);
    }
    return entry;
  }

  /**
   * Releases a claimed event for attempt {@code attempt}, due at {@code notBefore} by the wall clock
   * or at {@code dueNanos} by {@link System#nanoTime()}, whichever comes first.
   */
  void release(PendingEvent entry, int attempt, Instant notBefore, long dueNanos) {
    entry.attempt = attempt;
    entry.notBefore = notBefore;
    entry.dueNanos = dueNanos;
    entry.dueByNanos = true;
    schedule(entry);
  }

  /** Claims up to {@code max} events due at {@code now} (or by their monotonic due time), oldest first. */
  List<Delivery> claimDue(int max, Instant now) {
    long nowNanos = System.nanoTime();
    while (!delayed.isEmpty() && (!delayed.peek().notBefore.isAfter(now)
        || (delayed.peek().dueByNanos && nowNanos - delayed.peek().dueNanos >= 0))) {
      PendingEvent entry = delayed.poll();
      if (entry.state == PendingEvent.State.DELAYED && byId.get(entry.event.id()) == entry) {
        entry.state = PendingEvent.State.READY;
        ready.put(entry.sequence, entry);
      }
    }
    List<Delivery> claimed = new ArrayList<>(Math.min(max, ready.size()));
    while (claimed.size() < max && !ready.isEmpty()) {
      PendingEvent entry = ready.pollFirstEntry().getValue();
      entry.state = PendingEvent.State.CLAIMED;
      claimed.add(new Delivery(entry.event, entry.attempt));
    }
    return claimed;
  }

  boolean hasDelayed() {
    return !delayed.isEmpty();
  }

  boolean isDurable(String eventId) {
    PendingEvent entry = byId.get(eventId);
    return entry != null && entry.state != PendingEvent.State.WRITING;
  }

  Map<String, Integer> countByFunction() {
    Map<String, Integer> counts = new TreeMap<>();
    for (PendingEvent entry : byId.values()) {
      if (entry.state != PendingEvent.State.WRITING) {
        counts.merge(entry.event.function(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private void schedule(PendingEvent entry) {
    if (entry.notBefore == null) {
      entry.state = PendingEvent.State.READY;
      ready.put(entry.sequence, entry);
    } else {
      entry.state = PendingEvent.State.DELAYED;
      delayed.add(entry);
    }
  }
}
