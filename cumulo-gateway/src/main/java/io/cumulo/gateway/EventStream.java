package io.cumulo.gateway;

import io.cumulo.core.channels.ChannelEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One client's server-sent event stream: a bounded queue between the channel (whose publishers
 * must never wait for a client) and the request thread that writes to the client.
 */
final class EventStream {
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpExchange exchange;
  private final int capacity;
  private final ArrayDeque<ChannelEvent> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private boolean ended;
  private boolean overflowed;

  EventStream(HttpExchange exchange, int capacity) {
    this.exchange = exchange;
    this.capacity = capacity;
  }

  /**
   * Queues an event; called by the channel under its lock, so it never blocks. A client too far
   * behind loses its connection (it reconnects with {@code Last-Event-ID}); the connection is
   * aborted rather than ended because the writer may be stuck writing to that client.
   */
  void offer(ChannelEvent event) {
    lock.lock();
    try {
      if (ended) {
        return;
      }
      if (queue.size() >= capacity) {
        ended = true;
        overflowed = true;
        queue.clear();
        ready.signal();
      } else {
        queue.addLast(event);
        ready.signal();
        return;
      }
    } finally {
      lock.unlock();
    }
    // Off the channel's lock: closing the connection runs the failed write's callbacks. The
    // connector speaks HTTP/1.1, so the connection carries this stream alone.
    Thread.startVirtualThread(() ->
        exchange.request.getConnectionMetaData().getConnection().getEndPoint().close());
  }

  /** Ends the stream cleanly: the writer finishes the response and returns. */
  void end() {
    lock.lock();
    try {
      ended = true;
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes events to {@code out} as they come, and a ping after {@code heartbeatMillis} of
   * silence, until the stream ends or {@code stop} holds.
   *
   * @throws IOException when the client is gone or the stream overflowed
   */
  void pump(OutputStream out, long heartbeatMillis, BooleanSupplier stop)
      throws IOException, InterruptedException {
    StringBuilder batch = new StringBuilder();
    while (!stop.getAsBoolean()) {
      lock.lock();
      try {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        while (queue.isEmpty() && !ended && waitNanos > 0) {
          waitNanos = ready.awaitNanos(waitNanos);
        }
        if (overflowed) {
          throw new IOException("the client fell " + capacity + " events behind");
        }
        if (ended && queue.isEmpty()) {
          return;
        }
        for (ChannelEvent event; (event = queue.pollFirst()) != null; ) {
          format(event, batch);
        }
      } finally {
        lock.unlock();
      }
      out.write(batch.isEmpty() ? PING : batch.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      batch.setLength(0);
    }
  }

  /** One event in the SSE wire format: its id, then each line of its data as a data: field. */
  static void format(ChannelEvent event, StringBuilder out) {
    out.append("id: ").append(event.id()).append('\n');
    for (String line : event.json().split("\r\n|\r|\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    out.append('\n');
  }
}
