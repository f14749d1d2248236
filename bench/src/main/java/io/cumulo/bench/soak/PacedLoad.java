package io.cumulo.bench.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load with a target rate: {@code concurrency} virtual threads each take the next
 * slot of a shared schedule ({@code start + n / rate}), wait for it, send one request and wait for
 * the answer. So at most {@code concurrency} requests are in flight, and when the server is slower
 * than the rate the workers simply send back to back. A rate of 0 means no pacing (calibration).
 * Latency is measured from the send, not from the slot (a closed loop under-reports queueing).
 */
final class PacedLoad implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI target;
  private final HttpClient client;
  private final LatencyWindow window;
  private final AtomicLong nextSlot = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();
  private volatile double ratePerSecond;
  private volatile long startNanos;
  private volatile boolean running = true;

  PacedLoad(URI target, int concurrency, LatencyWindow window) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    this.target = target;
    this.window = window;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    pace(0);
    for (int i = 0; i < concurrency; i++) {
      workers.add(Thread.ofVirtual().name("soak-load-" + i).start(this::work));
    }
  }

  /** Restarts the schedule at {@code perSecond} requests a second; 0 sends as fast as answered. */
  void pace(double perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0, got " + perSecond);
    }
    startNanos = System.nanoTime();
    nextSlot.set(0);
    ratePerSecond = perSecond;
  }

  private void work() {
    byte[] body = "{\"soak\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    while (running) {
      double rate = ratePerSecond;
      if (rate > 0) {
        long due = startNanos + (long) (nextSlot.getAndIncrement() * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      if (!running) {
        return;
      }
      long sent = System.nanoTime();
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          window.success(System.nanoTime() - sent);
        } else {
          window.error();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.io.IOException e) {
        window.error();
      }
    }
  }

  /** Stops the workers, waiting for requests in flight; a second call does nothing. */
  @Override
  public void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    for (Thread worker : workers) {
      worker.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
    }
    client.close();
  }
}
