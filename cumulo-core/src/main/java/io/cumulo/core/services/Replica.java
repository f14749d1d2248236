package io.cumulo.core.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a service, kept running by its own virtual thread: start it on a fresh loopback
 * port, wait until its health check passes, check it every {@link #CHECK_INTERVAL}, and start it
 * again (after {@link RestartBackoff}) when it exits or fails {@link #MAX_FAILED_CHECKS} checks in
 * a row. The gateway sends it requests only while it is healthy and not draining.
 */
public final class Replica {
  private static final Logger log = LoggerFactory.getLogger(Replica.class);
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
  static final int MAX_FAILED_CHECKS = 3;
  private static final Duration START_POLL = Duration.ofMillis(100);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

  private final ServiceGroup group;
  private final int index;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile ReplicaState state = ReplicaState.STARTING;
  private volatile int port;
  private volatile boolean draining;
  private volatile int restarts;
  private Process process;
  private boolean stopped;
  private Thread monitor;

  Replica(ServiceGroup group, int index) {
    this.group = group;
    this.index = index;
  }

  /** The loopback port the current process listens on. */
  public int port() {
    return port;
  }

  public int index() {
    return index;
  }

  public ReplicaState state() {
    return state;
  }

  /**
   * Counts a request about to be sent to this replica; false (and nothing counted) if it may take
   * no new requests. Every true must be followed by exactly one {@link #release()}.
   */
  public boolean tryAcquire() {
    inFlight.incrementAndGet();
    // Checked after counting, so a drain that saw no request in flight sees no request start.
    if (draining || state != ReplicaState.HEALTHY) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Ends a request counted by {@link #tryAcquire()}. */
  public void release() {
    inFlight.decrementAndGet();
  }

  synchronized void start() {
    monitor = Thread.ofVirtual().name("service-" + group.qualifiedName() + "-" + index).start(this::superviseLoop);
  }

  ServiceStatus.Replica status() {
    Process p;
    synchronized (this) {
      p = process;
    }
    boolean alive = p != null && p.isAlive();
    ReplicaState current = state;
    // Between a process's exit and its monitor noticing, say what is about to happen.
    ReplicaState shown = alive || current == ReplicaState.STOPPED ? current : ReplicaState.RESTARTING;
    return new ServiceStatus.Replica(index, shown, alive ? p.pid() : -1, restarts);
  }

  private void superviseLoop() {
    Duration backoff = null;
    while (true) {
      Process p = launch();
      if (p == null) {
        return;
      }
      long startedAt = System.nanoTime();
      String ending;
      try {
        ending = watch(p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Duration ran = Duration.ofNanos(System.nanoTime() - startedAt);
      if (isStopped()) {
        return;
      }
      terminate(p, group.spec().stopTimeout());
      backoff = RestartBackoff.next(backoff, ran);
      state = ReplicaState.RESTARTING;
      restarts++;
      event("WARN", ending + "; starting it again in " + backoff.toMillis() + " ms");
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Starts a process unless the replica was stopped; null if it was, or if the start failed for good. */
  private Process launch() {
    while (true) {
      synchronized (this) {
        if (stopped) {
          return null;
        }
        try {
          port = freePort();
          state = ReplicaState.STARTING;
          ProcessBuilder builder = new ProcessBuilder(group.command())
              .directory(group.appDir().toFile());
          builder.environment().clear();
          builder.environment().putAll(group.environment(index, port));
          process = builder.start();
          pump(process.getInputStream(), "INFO");
          pump(process.getErrorStream(), "ERROR");
          event("INFO", "started (pid " + process.pid() + ", port " + port + ")");
          return process;
        } catch (IOException e) {
          event("ERROR", "could not start: " + e.getMessage());
        }
      }
      state = ReplicaState.RESTARTING;
      restarts++;
      try {
        Thread.sleep(RestartBackoff.MAX);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** Returns why the process should be replaced: it exited, or never or no longer answered. */
  private String watch(Process p) throws InterruptedException {
    long deadline = System.nanoTime() + group.spec().startTimeout().toNanos();
    while (!healthy()) {
      if (p.waitFor(START_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        return "exited with code " + p.exitValue() + " before it became healthy";
      }
      if (System.nanoTime() > deadline) {
        return "did not answer " + group.spec().health() + " within "
            + group.spec().startTimeout().toMillis() + " ms";
      }
    }
    state = ReplicaState.HEALTHY;
    int failed = 0;
    while (true) {
      if (p.waitFor(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        return "exited with code " + p.exitValue();
      }
      if (healthy()) {
        failed = 0;
        state = ReplicaState.HEALTHY;
      } else if (++failed >= MAX_FAILED_CHECKS) {
        return "failed " + failed + " health checks in a row";
      } else {
        state = ReplicaState.UNHEALTHY;
      }
    }
  }

  private boolean healthy() throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + group.spec().health()))
        .timeout(CHECK_TIMEOUT).GET().build();
    try {
      int status = group.healthClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops taking requests, waits up to the stop timeout for those in flight, then stops. */
  void drainAndStop() {
    draining = true;
    long deadline = System.nanoTime() + group.spec().stopTimeout().toNanos();
    try {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
  }

  /** Stops the replica for good: SIGTERM, then SIGKILL after the stop timeout. */
  void stop() {
    Process p;
    Thread m;
    synchronized (this) {
      stopped = true;
      state = ReplicaState.STOPPED;
      p = process;
      m = monitor;
    }
    if (m != null) {
      m.interrupt();
    }
    if (p != null) {
      terminate(p, group.spec().stopTimeout());
      event("INFO", "stopped (pid " + p.pid() + ")");
    }
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  private static void terminate(Process p, Duration stopTimeout) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    boolean interrupted = Thread.interrupted();
    try {
      if (!p.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Copies the process's output lines into the service's log stream. */
  private void pump(InputStream output, String level) {
    Thread.ofVirtual().name("service-output-" + group.qualifiedName() + "-" + index).start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          group.logs().append(group.qualifiedName(), null, level, "[" + index + "] " + line);
        }
      } catch (IOException e) {
        // The process is gone; its pipe closed.
      }
    });
  }

  private void event(String level, String message) {
    String line = "replica " + index + " of v" + group.version() + " " + message;
    group.logs().append(group.qualifiedName(), null, level, line);
    if (level.equals("INFO")) {
      log.info("service {}: {}", group.qualifiedName(), line);
    } else {
      log.warn("service {}: {}", group.qualifiedName(), line);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
