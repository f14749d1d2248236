package io.cumulo.core.services;

import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.ServiceSpec;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the services of deployed apps as OS processes (see {@link Replica}) and swaps them on
 * redeploy: the new version's replicas start, traffic moves to them once they are healthy (or
 * their start timeout has passed), then the old ones are drained and stopped. Undeploy and
 * {@link #close()} stop every replica.
 *
 * <p>Apps restored before {@link #start(Map)} are only recorded; their replicas start with it,
 * once the platform's URL is known for their environment.
 */
public final class ServiceSupervisor implements AppListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceSupervisor.class);

  private final FunctionLogs logs;
  private final HttpClient healthClient = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(1)).version(HttpClient.Version.HTTP_1_1).build();
  /** app -> service -> the group taking its traffic. */
  private final Map<String, Map<String, ServiceGroup>> apps = new ConcurrentHashMap<>();
  private final String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final String apiClassPath;
  private final Path dataRoot;
  private volatile Map<String, String> platformEnv = Map.of();
  private boolean started;
  private boolean closed;

  /**
   * @param logs where replica output goes, under the stream {@code app/service}
   * @param dataRoot where services keep their own data: {@code dataRoot/APP/SERVICE}, given to
   *     replicas as {@code CUMULO_DATA_DIR} and kept across deploys and restarts
   */
  public ServiceSupervisor(FunctionLogs logs, Path dataRoot) {
    this.logs = logs;
    this.dataRoot = dataRoot;
    try {
      this.apiClassPath = Path.of(io.cumulo.api.Handler.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the cumulo-api classes", e);
    }
  }

  /**
   * Starts the replicas of the apps recorded so far, and of every app deployed from now on, and
   * waits until the recorded ones are healthy (each at most its start timeout): events recovered
   * after a restart call these services, and would use up their attempts against a service that
   * is not up yet.
   *
   * @param platformEnv variables every replica gets, e.g. {@code CUMULO_URL}
   */
  public void start(Map<String, String> platformEnv) {
    List<ServiceGroup> recorded = new ArrayList<>();
    synchronized (this) {
      this.platformEnv = Map.copyOf(platformEnv);
      started = true;
      apps.values().forEach(services -> recorded.addAll(services.values()));
    }
    recorded.forEach(ServiceGroup::start);
    awaitHealthy(recorded);
  }

  @Override
  public void deployed(AppManifest manifest, int version, Path bundleDir) {
    Map<String, ServiceGroup> next = new LinkedHashMap<>();
    for (ServiceSpec spec : manifest.services().values()) {
      next.put(spec.name(), new ServiceGroup(manifest.name(), version, spec, bundleDir, this));
    }
    boolean run;
    synchronized (this) {
      if (closed) {
        return;
      }
      run = started;
    }
    Map<String, ServiceGroup> old = apps.get(manifest.name());
    if (run) {
      next.values().forEach(ServiceGroup::start);
      if (old != null) {
        awaitHealthy(next.values());
      }
    }
    if (next.isEmpty()) {
      apps.remove(manifest.name());
    } else {
      apps.put(manifest.name(), Map.copyOf(next));
    }
    if (old != null) {
      stopAll(old.values());
    }
  }

  private static void awaitHealthy(Iterable<ServiceGroup> groups) {
    for (ServiceGroup group : groups) {
      try {
        if (!group.awaitHealthy()) {
          log.warn("service {} v{} is not healthy after {}; switching to it anyway",
              group.qualifiedName(), group.version(), group.spec().startTimeout());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void undeployed(String app) {
    Map<String, ServiceGroup> old = apps.remove(app);
    if (old != null) {
      stopAll(old.values());
    }
  }

  /** The group taking the traffic of {@code app/service}, if the app has that service. */
  public Optional<ServiceGroup> group(String app, String service) {
    return Optional.ofNullable(apps.getOrDefault(app, Map.of()).get(service));
  }

  /** Every running service's replicas, by app and then in manifest order. */
  public List<ServiceStatus> status() {
    List<ServiceStatus> status = new ArrayList<>();
    apps.values().forEach(services -> services.values().forEach(g -> status.add(g.status())));
    status.sort(java.util.Comparator.comparing(ServiceStatus::app));
    return status;
  }

  /** Stops every replica of every app. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    List<ServiceGroup> all = new ArrayList<>();
    apps.values().forEach(services -> all.addAll(services.values()));
    apps.clear();
    stopAll(all);
    healthClient.close();
  }

  private static void stopAll(Iterable<ServiceGroup> groups) {
    List<Thread> stopping = new ArrayList<>();
    groups.forEach(g -> stopping.add(Thread.ofVirtual().start(g::drainAndStop)));
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  FunctionLogs logs() {
    return logs;
  }

  HttpClient healthClient() {
    return healthClient;
  }

  /** The data folder of a service, created if missing. */
  Path dataDir(String app, String service) {
    Path dir = dataRoot.resolve(app).resolve(service);
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the data folder of " + app + "/" + service, e);
    }
    return dir;
  }

  Map<String, String> platformEnv() {
    return platformEnv;
  }

  String javaCommand() {
    return javaCommand;
  }

  String apiClassPath() {
    return apiClassPath;
  }
}
