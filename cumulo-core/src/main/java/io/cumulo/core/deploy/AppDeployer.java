package io.cumulo.core.deploy;

import io.cumulo.core.CumuloException;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.CodeSource;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.manifest.ManifestParser;
import io.cumulo.core.manifest.ServiceSpec;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.ScheduleRunner;
import io.cumulo.core.state.DeployedApp;
import io.cumulo.core.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded bundle into running functions: unpack, validate the manifest, check that the
 * code is there and calls no {@code System.exit}, load the handlers, then switch the app over and
 * record the deployment. Any failure leaves the running version untouched.
 *
 * <p>Bundles live under {@code <data>/apps/<app>/v<version>}; a restart deploys each app's
 * recorded version from there.
 */
public final class AppDeployer {
  private static final Logger log = LoggerFactory.getLogger(AppDeployer.class);
  private static final String MANIFEST = "cumulo.yaml";

  private final Path dataDir;
  private final Path appsDir;
  private final StateStore state;
  private final FunctionRuntime runtime;
  private final ScheduleRunner schedules;
  private final InstantSource clock;
  private final List<AppListener> listeners;
  private final ManifestParser parser = new ManifestParser();
  private final ForbiddenCallScanner scanner = new ForbiddenCallScanner();
  private final ConcurrentHashMap<String, ReentrantLock> appLocks = new ConcurrentHashMap<>();

  public AppDeployer(Path dataDir, StateStore state, FunctionRuntime runtime, ScheduleRunner schedules,
      InstantSource clock, List<AppListener> listeners) {
    this.dataDir = dataDir;
    this.appsDir = dataDir.resolve("apps");
    this.state = state;
    this.runtime = runtime;
    this.schedules = schedules;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
  }

  /** What a deployment produced. */
  public record Deployment(String name, int version, List<String> functions) {}

  /**
   * Deploys a bundle, replacing the app's current version without dropping its in-flight work.
   *
   * @throws CumuloException 400 with a precise message when the bundle, manifest or code is bad
   */
  public Deployment deploy(byte[] bundle) {
    Path staging = appsDir.resolve(".staging").resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(staging);
      BundleUnpacker.unpack(bundle, staging);
      Path manifestFile = staging.resolve(MANIFEST);
      if (!Files.isRegularFile(manifestFile)) {
        throw CumuloException.badRequest("InvalidBundle", "the bundle has no " + MANIFEST + " at its root");
      }
      AppManifest manifest = parser.parse(manifestFile);
      checkCode(manifest, staging);
      ReentrantLock lock = appLocks.computeIfAbsent(manifest.name(), n -> new ReentrantLock());
      lock.lock();
      try {
        return install(manifest, staging);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(staging);
    }
  }

  private Deployment install(AppManifest manifest, Path staging) throws IOException {
    String name = manifest.name();
    listeners.forEach(l -> l.check(manifest, staging));
    int version = state.app(name).map(a -> a.version() + 1).orElse(1);
    Path appDir = appsDir.resolve(name);
    Path target = appDir.resolve("v" + version);
    Files.createDirectories(appDir);
    // A crash after a move but before the state write leaves a directory for a version that was
    // never recorded; that number is handed out again now, so clear it.
    deleteTree(target);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    BundleUnpacker.force(appDir);
    try {
      runtime.activate(name, version, manifest, target);
    } catch (RuntimeException e) {
      deleteTree(target);
      throw e;
    }
    listeners.forEach(l -> l.deployed(manifest, version, target));
    state.saveApp(new DeployedApp(name, version, dataDir.relativize(target).toString(), clock.instant()));
    schedules.replace(name, manifest);
    removeOldVersions(appDir, version);
    log.info("deployed {} v{}: {}", name, version, manifest.functions().keySet());
    return new Deployment(name, version, List.copyOf(manifest.functions().keySet()));
  }

  /** Each function's code exists in the bundle and never calls System.exit or Runtime.halt. */
  private void checkCode(AppManifest manifest, Path bundle) {
    for (ServiceSpec service : manifest.services().values()) {
      if (service.code() != null && !Files.exists(bundle.resolve(service.code().path()).normalize())) {
        throw CumuloException.badRequest("InvalidBundle", "services." + service.name() + ": "
            + service.code().path() + " is not in the bundle; build it first (e.g. ./mvnw package)");
      }
    }
    Set<Path> scanned = new LinkedHashSet<>();
    for (FunctionSpec spec : manifest.functions().values()) {
      Path code = bundle.resolve(spec.code().path()).normalize();
      String key = spec.code().kind() == CodeSource.Kind.JAR ? "jar" : "classes";
      boolean present = spec.code().kind() == CodeSource.Kind.JAR ? Files.isRegularFile(code) : Files.isDirectory(code);
      if (!present) {
        throw CumuloException.badRequest("InvalidBundle", "functions." + spec.name() + "." + key + ": "
            + spec.code().path() + " is not in the bundle; build it first (e.g. ./mvnw package)");
      }
      if (!scanned.add(code)) {
        continue;
      }
      List<ForbiddenCallScanner.Finding> findings = scanner.scan(code);
      if (!findings.isEmpty()) {
        StringBuilder message = new StringBuilder(spec.code().path()).append(" calls ")
            .append("methods that would stop the whole server; a function must return or throw instead:");
        findings.stream().limit(10).forEach(f -> message.append("\n  ").append(f.className()).append('.')
            .append(f.method()).append(" calls ").append(f.called()));
        if (findings.size() > 10) {
          message.append("\n  ... and ").append(findings.size() - 10).append(" more");
        }
        throw CumuloException.badRequest("ForbiddenCall", message.toString());
      }
    }
  }

  /** Removes an app: its functions stop taking work and its schedules stop firing. */
  public void undeploy(String name) {
    DeployedApp app = state.app(name).orElseThrow(
        () -> CumuloException.notFound("AppNotFound", "no app " + name + " is deployed"));
    ReentrantLock lock = appLocks.computeIfAbsent(name, n -> new ReentrantLock());
    lock.lock();
    try {
      schedules.remove(name);
      runtime.deactivate(name);
      state.deleteApp(name);
      listeners.forEach(l -> l.undeployed(name));
      log.info("undeployed {} v{}", name, app.version());
    } finally {
      lock.unlock();
    }
  }

  /** Activates every recorded app from its bundle, at start; an app that fails is logged and skipped. */
  public void restoreAll() {
    for (DeployedApp app : state.apps()) {
      try {
        Path dir = dataDir.resolve(app.bundleDir());
        AppManifest manifest = parser.parse(dir.resolve(MANIFEST));
        runtime.activate(app.name(), app.version(), manifest, dir);
        listeners.forEach(l -> l.deployed(manifest, app.version(), dir));
        schedules.replace(app.name(), manifest);
      } catch (RuntimeException e) {
        log.error("could not restore app {} v{}: {}", app.name(), app.version(), e.getMessage());
      }
    }
    deleteTree(appsDir.resolve(".staging"));
  }

  /** Keeps the current version and the one before it (which may still be draining). */
  private static void removeOldVersions(Path appDir, int current) throws IOException {
    try (Stream<Path> versions = Files.list(appDir)) {
      versions.filter(p -> p.getFileName().toString().matches("v\\d+"))
          .filter(p -> Integer.parseInt(p.getFileName().toString().substring(1)) < current - 1)
          .forEach(AppDeployer::deleteTree);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
