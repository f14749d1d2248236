package io.cumulo.core.services;

import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.manifest.ServiceSpec;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The replicas of one service at one app version, and the round robin over the healthy ones. */
public final class ServiceGroup {
  /** Variables a replica inherits from the server; everything else the server has stays private. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

  private final String app;
  private final int version;
  private final ServiceSpec spec;
  private final Path appDir;
  private final ServiceSupervisor supervisor;
  private final List<Replica> replicas = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  ServiceGroup(String app, int version, ServiceSpec spec, Path appDir, ServiceSupervisor supervisor) {
    this.app = app;
    this.version = version;
    this.spec = spec;
    this.appDir = appDir;
    this.supervisor = supervisor;
    for (int i = 0; i < spec.replicas(); i++) {
      replicas.add(new Replica(this, i));
    }
  }

  public ServiceSpec spec() {
    return spec;
  }

  public int version() {
    return version;
  }

  /** {@code app/service}, the name of the service's log stream. */
  public String qualifiedName() {
    return app + "/" + spec.name();
  }

  /**
   * The next healthy replica in round-robin order that is not in {@code tried} and takes the
   * request, already counted as in flight (see {@link Replica#tryAcquire()}); null if none.
   */
  public Replica acquire(Set<Replica> tried) {
    int size = replicas.size();
    int start = Math.floorMod(next.getAndIncrement(), size);
    for (int i = 0; i < size; i++) {
      Replica replica = replicas.get((start + i) % size);
      if (!tried.contains(replica) && replica.tryAcquire()) {
        return replica;
      }
    }
    return null;
  }

  void start() {
    replicas.forEach(Replica::start);
  }

  /** Waits until every replica is healthy or the start timeout has passed; true if all are. */
  boolean awaitHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + spec.startTimeout().toNanos();
    while (!replicas.stream().allMatch(r -> r.state() == ReplicaState.HEALTHY)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Drains and stops every replica at once, so the whole group takes about one stop timeout. */
  void drainAndStop() {
    List<Thread> stopping = replicas.stream()
        .map(r -> Thread.ofVirtual().start(r::drainAndStop)).toList();
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  ServiceStatus status() {
    return new ServiceStatus(app, spec.name(), version, replicas.stream().map(Replica::status).toList());
  }

  /** The program and arguments of a replica: the service's command, or a JVM running main. */
  List<String> command() {
    if (spec.main() == null) {
      return spec.command();
    }
    String classPath = appDir.resolve(spec.code().path()).toString() + File.pathSeparator
        + supervisor.apiClassPath();
    return List.of(supervisor.javaCommand(), "-cp", classPath, spec.main());
  }

  Map<String, String> environment(int index, int port) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED_ENV) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(supervisor.platformEnv());
    env.putAll(spec.env());
    env.put("PORT", Integer.toString(port));
    env.put("CUMULO_APP", app);
    env.put("CUMULO_SERVICE", spec.name());
    env.put("CUMULO_REPLICA", Integer.toString(index));
    env.put("CUMULO_DATA_DIR", supervisor.dataDir(app, spec.name()).toString());
    return env;
  }

  Path appDir() {
    return appDir;
  }

  FunctionLogs logs() {
    return supervisor.logs();
  }

  HttpClient healthClient() {
    return supervisor.healthClient();
  }
}
